// Folding an agent's standup past COLLAPSE_AFTER lines, with the shares worked out by hand.
import { describe, expect, it } from "vitest";
import { COLLAPSE_AFTER, foldSections } from "./collapse";
import { line } from "./lines";
import type { SectionKey, StandupSection } from "./schemas";

const sec = (key: SectionKey, n: number): StandupSection => ({
  key,
  title: key,
  lines: Array.from({ length: n }, (_, i) => line([`${key} ${i + 1}`])),
});
const shape = (sections: { key: string; lines: unknown[]; hidden: number }[]) =>
  sections.map((s) => [s.key, s.lines.length, s.hidden]);

describe("foldSections", () => {
  it("leaves 8 lines or fewer as they are", () => {
    expect(COLLAPSE_AFTER).toBe(8);
    const r = foldSections([sec("done", 5), sec("blocked", 3)]);
    expect(r.hidden).toBe(0);
    expect(shape(r.sections)).toEqual([
      ["done", 5, 0],
      ["blocked", 3, 0],
    ]);
  });

  it("past 8 lines shows 8, shared out so that no section disappears, blockers and failures first", () => {
    // 15 done + 3 problems + 2 blocked + 2 spend + 1 next = 23 lines; 8 shown, 15 hidden.
    // Round 1 in priority order: blocked, problems, done, next, spend -> 5 lines (one each).
    // Round 2: blocked (2nd), problems (2nd), done (2nd) -> 8. Spend keeps 1 of 2, next its only line.
    const r = foldSections([
      sec("done", 15),
      sec("problems", 3),
      sec("blocked", 2),
      sec("spend", 2),
      sec("next", 1),
    ]);
    expect(r.hidden).toBe(15);
    expect(shape(r.sections)).toEqual([
      ["done", 2, 13],
      ["problems", 2, 1],
      ["blocked", 2, 0],
      ["spend", 1, 1],
      ["next", 1, 0],
    ]);
    expect(r.sections[0]?.lines.map((l) => l.text)).toEqual(["done 1", "done 2"]);
  });

  it("gives the spare lines to the long section when the others are short", () => {
    // 12 done + 1 blocked = 13: round 1 -> blocked 1, done 1; then done alone takes 6 more -> done 7.
    const r = foldSections([sec("done", 12), sec("blocked", 1)]);
    expect(shape(r.sections)).toEqual([
      ["done", 7, 5],
      ["blocked", 1, 0],
    ]);
    expect(r.hidden).toBe(5);
  });

  it("folds 9 lines to 8 (past 8 means 9 or more)", () => {
    const r = foldSections([sec("done", 9)]);
    expect(shape(r.sections)).toEqual([["done", 8, 1]]);
  });
});
