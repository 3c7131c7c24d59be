// An agent's standup folded for the page: past COLLAPSE_AFTER lines it shows that many and a "Show all". Pure.
// The lines shown are shared out among the sections (blockers and failures first) rather than taken from the
// top, so fifteen Done lines never push an agent's only Blocked line out of sight. The Markdown copy, the API
// and webhooks always carry every line.
import type { SectionKey, StandupSection } from "./schemas";

/** Lines an agent's standup shows before "Show all". */
export const COLLAPSE_AFTER = 8;

/** Who gets the next line when they compete, most urgent first. */
const PRIORITY: SectionKey[] = ["blocked", "problems", "done", "next", "open", "spend"];

export type FoldedSection = StandupSection & { hidden: number };

export function foldSections(
  sections: StandupSection[],
  limit = COLLAPSE_AFTER,
): { sections: FoldedSection[]; hidden: number } {
  const total = sections.reduce((n, s) => n + s.lines.length, 0);
  if (total <= limit) return { sections: sections.map((s) => ({ ...s, hidden: 0 })), hidden: 0 };
  // Round by round, each section in PRIORITY order takes one more line while lines are left to give.
  const shown = new Map<SectionKey, number>();
  const rank = (k: SectionKey) => PRIORITY.indexOf(k);
  const byUrgency = [...sections].sort((a, b) => rank(a.key) - rank(b.key));
  let budget = limit;
  for (let round = 0; budget > 0; round++) {
    for (const s of byUrgency) {
      if (budget === 0) break;
      if (s.lines.length > round) {
        shown.set(s.key, round + 1);
        budget--;
      }
    }
  }
  const folded = sections.map((s) => {
    const n = shown.get(s.key) ?? 0;
    return { ...s, lines: s.lines.slice(0, n), hidden: s.lines.length - n };
  });
  return { sections: folded, hidden: total - limit };
}
