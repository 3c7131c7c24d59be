import { describe, expect, it } from "vitest";
import { clip, line } from "./lines";
import { escapeMarkdown, lineToMarkdown } from "./markdown";

describe("standup Markdown", () => {
  it("escapes runner text so it cannot add links, HTML or formatting", () => {
    expect(escapeMarkdown("[click](javascript:alert(1)) <img src=x> **bold** a_b")).toBe(
      "\\[click\\](javascript:alert(1)) \\<img src=x\\> \\*\\*bold\\*\\* a\\_b",
    );
    expect(escapeMarkdown("# not a heading\nsecond line")).toBe("\\# not a heading second line");
    expect(escapeMarkdown("- not a list")).toBe("\\- not a list");
  });

  it("makes console links absolute with a base URL and keeps artifact URLs as they are", () => {
    const l = line(
      [
        { text: "Fix (part 1)", href: "/jobs/abc" },
        " — ",
        { text: "PR #4", href: "https://git.example/pull/4 (x)", external: true },
      ],
      ["new"],
    );
    expect(lineToMarkdown(l, "https://fw.example/")).toBe(
      "[Fix (part 1)](https://fw.example/jobs/abc) — [PR #4](https://git.example/pull/4%20%28x%29) — **new**",
    );
    expect(lineToMarkdown(l, null)).toBe(
      "[Fix (part 1)](/jobs/abc) — [PR #4](https://git.example/pull/4%20%28x%29) — **new**",
    );
  });

  it("leaves text alone only when escaping or clipping would not change it", () => {
    // The full rewrites, as they were before the shortcut for text they leave unchanged.
    const escaped = (t: string) =>
      t
        .replace(/\s+/g, " ")
        .replace(/[\\`*_[\]<>|~&]/g, "\\$&")
        .replace(/^([#+-]|\d+[.)])/, "\\$1");
    const clipped = (t: string, max: number) => {
      const flat = t.replace(/\s+/g, " ").trim();
      return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
    };
    const samples = [
      "Fix login redirect",
      "plain words only",
      "two  spaces",
      " leading space",
      "trailing space ",
      "tab\there",
      "new\nline",
      "no\u00a0break space",
      "em\u2003space",
      "12. numbered",
      "3) numbered",
      "2026 release",
      "#hash",
      "+plus",
      "-dash",
      "a-b c#d 1.2",
      "snake_case",
      "back\\slash",
      "pipe | pipe",
      "amp & amp",
      "~tilde",
      "`code`",
      "",
      " ",
      "x".repeat(95),
      `${"y".repeat(88)}  z`,
    ];
    for (const t of samples) {
      expect(escapeMarkdown(t), JSON.stringify(t)).toBe(escaped(t));
      for (const max of [10, 90]) expect(clip(t, max), JSON.stringify(t)).toBe(clipped(t, max));
    }
  });
});
