// Timing and the page x range x size table of `npm run bench:scale`, with the targets of issue 17:
// 24h / 7d (and the range-less views: the Agents board, a standup day) at most 50 ms p95 and at most 1.5x their
// time at the smallest size; 30d and all time at most 150 ms.
import type { PageRange } from "./scale-pages";

/** p95 by nearest rank (of 15 runs: the slowest), and the median, after `warm` unmeasured runs. */
export async function timeP95(fn: () => Promise<unknown>, runs: number, warm = 2) {
  for (let i = 0; i < warm; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    xs.push(performance.now() - s);
  }
  xs.sort((a, b) => a - b);
  const at = (q: number) =>
    xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))] ?? Number.NaN;
  return { p95: at(0.95), median: at(0.5) };
}

export type Measured = {
  page: string;
  range: PageRange;
  bySize: Map<number, { p95: number; median: number }>;
};

const SHORT: PageRange[] = ["24h", "7d", "day"];
export const limitOf = (range: PageRange) => (SHORT.includes(range) ? 50 : 150);

const fmtSize = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : `${Math.round(n / 1e3)}k`);

/** Prints the table; returns how many (page, range) rows miss their target at the largest size. */
export function printTable(rows: Measured[], sizes: number[]): number {
  const small = sizes[0] ?? 0;
  const large = sizes[sizes.length - 1] ?? 0;
  const head = [
    "page".padEnd(20),
    "range".padEnd(5),
    ...sizes.map((s) => `p95 @${fmtSize(s)}`.padStart(11)),
    sizes.length > 1 ? `${fmtSize(large)}/${fmtSize(small)}`.padStart(10) : "",
    "target".padStart(16),
    "  result",
  ];
  console.log(`\n${head.join(" ")}`);
  let misses = 0;
  for (const r of rows) {
    const a = r.bySize.get(small)?.p95 ?? Number.NaN;
    const b = r.bySize.get(large)?.p95 ?? Number.NaN;
    const ratio = b / a;
    const limit = limitOf(r.range);
    const short = SHORT.includes(r.range);
    const reasons: string[] = [];
    if (!(b <= limit)) reasons.push(`> ${limit} ms`);
    if (short && sizes.length > 1 && !(ratio <= 1.5)) reasons.push("> 1.5x");
    if (reasons.length) misses++;
    console.log(
      [
        r.page.padEnd(20),
        r.range.padEnd(5),
        ...sizes.map((s) => `${(r.bySize.get(s)?.p95 ?? Number.NaN).toFixed(1)} ms`.padStart(11)),
        sizes.length > 1 ? `${ratio.toFixed(2)}x`.padStart(10) : "",
        `${short ? `<=${limit} ms,1.5x` : `<=${limit} ms`}`.padStart(16),
        `  ${reasons.length ? `MISS (${reasons.join(", ")})` : "PASS"}`,
      ].join(" "),
    );
  }
  return misses;
}
