import { describe, expect, it } from "vitest";
import { clipText as importerClip } from "@/lib/importers/claude-code/util";
import { clip as codexClip } from "@/lib/importers/codex/util";
import { sliceUnits } from "./text";

describe("sliceUnits", () => {
  it("keeps a surrogate pair whole or drops it whole", () => {
    const s = "ab😀c"; // units: a b \ud83d \ude00 c
    expect(sliceUnits(s, 2)).toBe("ab");
    expect(sliceUnits(s, 3)).toBe("ab"); // a cut after \ud83d would split the emoji
    expect(sliceUnits(s, 4)).toBe("ab😀");
    expect(sliceUnits(s, 5)).toBe(s);
    expect(sliceUnits(s, 0)).toBe("");
    // an unpaired surrogate already in the text is not this function's business: kept as it is
    expect(sliceUnits("a\ud800b", 2)).toBe("a\ud800");
  });

  it("is what the importers' clipping uses: no half emoji at their limits", () => {
    const text = `${"a".repeat(9)}😀tail`;
    expect(importerClip(text, 10)).toBe(`${"a".repeat(9)}… [truncated 6 characters]`);
    expect(codexClip(text, 11)).toBe(`${"a".repeat(9)}…`);
  });
});
