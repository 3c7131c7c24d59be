import { describe, expect, it } from "vitest";
import { line } from "./lines";
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
});
