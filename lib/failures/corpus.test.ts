// The built-in rules against the hand-labelled corpus: at least 95% agreement, every class represented.
import { describe, expect, it } from "vitest";
import { CORPUS, type CorpusEntry } from "@/tests/fixtures/failures/corpus";
import { classify } from "./classify";
import { FAILURE_CLASSES, type FailureClass, isFailureClass } from "./taxonomy";

const oneLine = (s: string, max = 150) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

function evaluate(entries: CorpusEntry[]) {
  const misses: string[] = [];
  const perClass = new Map<FailureClass, { n: number; ok: number }>();
  for (const e of entries) {
    const got = classify(e);
    const s = perClass.get(e.label) ?? { n: 0, ok: 0 };
    s.n++;
    if (got.failureClass === e.label) s.ok++;
    else
      misses.push(
        `  ${e.hard ? "[hard] " : ""}labelled ${e.label}, classified ${got.failureClass} (rule ${got.rule ?? "none"}): ${oneLine(e.message)}`,
      );
    perClass.set(e.label, s);
  }
  const ok = entries.length - misses.length;
  return { ok, agreement: ok / entries.length, misses, perClass };
}

describe("failure corpus", () => {
  it("has at least 170 hand-labelled messages, at least 6 for every class", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(170);
    for (const e of CORPUS) expect(isFailureClass(e.label), `bad label ${e.label}`).toBe(true);
    const counts = new Map<string, number>();
    for (const e of CORPUS) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
    for (const cls of FAILURE_CLASSES)
      expect(counts.get(cls) ?? 0, `only ${counts.get(cls) ?? 0} entries for ${cls}`).toBeGreaterThanOrEqual(
        6,
      );
  });

  it("has no duplicate messages and keeps the ambiguous (hard) part small", () => {
    const seen = new Set<string>();
    for (const e of CORPUS) {
      expect(seen.has(e.message), `duplicate: ${oneLine(e.message)}`).toBe(false);
      seen.add(e.message);
    }
    const hard = CORPUS.filter((e) => e.hard).length;
    expect(hard).toBeGreaterThan(0);
    expect(hard / CORPUS.length).toBeLessThanOrEqual(0.05);
  });

  it("is classified by the built-in rules with at least 95% agreement", () => {
    const { ok, agreement, misses, perClass } = evaluate(CORPUS);
    const table = FAILURE_CLASSES.map((c) => {
      const s = perClass.get(c) ?? { n: 0, ok: 0 };
      return `${c.padEnd(17)} ${String(s.ok).padStart(3)}/${s.n}`;
    }).join("\n");
    const report = [
      `agreement ${ok}/${CORPUS.length} = ${(agreement * 100).toFixed(1)}%`,
      table,
      misses.length ? `disagreements:\n${misses.join("\n")}` : "no disagreements",
    ].join("\n");
    console.info(report);
    expect(agreement, report).toBeGreaterThanOrEqual(0.95);
  });

  it("gets every unambiguous entry of the big classes right at 90% or better per class", () => {
    const { perClass, misses } = evaluate(CORPUS.filter((e) => !e.hard));
    for (const [cls, s] of perClass)
      if (s.n >= 10)
        expect(s.ok / s.n, `${cls}: ${s.ok}/${s.n}\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.9);
  });
});
