// `npm run bench:classify`: failure classification throughput, in process (no database): the hand-labelled
// corpus (real messages, mostly short) with the built-in rules alone and with 20 user rules in front, then
// 16 KB messages of adversarial filler (one character or token repeated) that make backtracking patterns
// slow. Prints microseconds per failure; run it before and after a change to the matching engine.
import { classify } from "@/lib/failures/classify";
import { BUILTIN_RULES, type Rule } from "@/lib/failures/rules";
import { compileSafe } from "@/lib/patterns/safe-regex";
import { CORPUS } from "@/tests/fixtures/failures/corpus";

const USER_PATTERNS = [
  "OOMKilled|out of memory",
  "ECONNRESET|socket hang up",
  "^Error: Cannot find module '[^']+'",
  "deadline exceeded after \\d+(\\.\\d+)?s",
  "npm ERR! code E\\d{3}",
  "rate[ _-]?limit",
  "quota (exceeded|exhausted)",
  "(?:fatal|error): (?:pathspec|reference) '.*' did not match",
  "\\bE(?:ACCES|PERM)\\b",
  "TypeError: .* is not a function",
  "killed by signal (9|15)",
  "context (length|window) (exceeded|overflow)",
  "^panic: ",
  "assert(ion)?(Error)? failed",
  "\\b5\\d\\d\\b.*(?:bad gateway|unavailable)",
  "certificate (has expired|verify failed)",
  "no space left on device",
  "segmentation fault|SIGSEGV",
  "^\\s*at .+\\(.+:\\d+:\\d+\\)$",
  "max(imum)? (turns|iterations) (reached|exceeded)",
];
const USER_RULES: Rule[] = USER_PATTERNS.map((messagePattern, i) => ({
  name: `user-${i}`,
  failureClass: "infra",
  priority: -100 + i,
  messagePattern,
  harness: i % 4 === 0 ? "codex|claude-*" : null,
}));

const FILLERS = [
  "\n",
  " ",
  " \n",
  "\t\n",
  "a",
  "0",
  "a ",
  "a\n",
  "x: line 1: ",
  "error ",
  "API Error ",
  "a.go:1:",
];

function perFailure(inputs: { message: string }[], rules: Rule[], minMs = 1500) {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (const input of inputs) classify(input, rules);
    n += inputs.length;
  }
  return ((performance.now() - start) * 1000) / n;
}

const withUser = [...USER_RULES, ...BUILTIN_RULES];
console.log(`corpus: ${CORPUS.length} messages, median ${median(CORPUS.map((c) => c.message.length))} chars`);
const cold = performance.now();
for (const input of CORPUS) classify(input, withUser);
console.log(`  first pass (compiles the patterns): ${(performance.now() - cold).toFixed(0)} ms`);
perFailure(CORPUS, withUser, 1000); // warm-up
console.log(
  `  built-in rules only          : ${perFailure(CORPUS, BUILTIN_RULES).toFixed(1)} µs per failure`,
);
console.log(`  with 20 user rules in front  : ${perFailure(CORPUS, withUser).toFixed(1)} µs per failure`);

// Baseline in the same run: the built-in message patterns alone, every one tested against every corpus
// message, on V8's RegExp and on RE2 (what classify uses).
const sources = BUILTIN_RULES.flatMap((r) => (r.messagePattern ? [r.messagePattern] : []));
const engines = {
  "V8 RegExp": sources.map((s) => new RegExp(s, "im")),
  RE2: sources.map((s) => compileSafe(s, { ignoreCase: true, multiline: true })),
};
const rate: Record<string, number> = {};
for (const [name, patterns] of Object.entries(engines)) {
  for (const m of CORPUS) for (const p of patterns) p.test(m.message); // warm-up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < 1500) {
    for (const m of CORPUS) for (const p of patterns) p.test(m.message);
    n += CORPUS.length;
  }
  rate[name] = ((performance.now() - start) * 1000) / n;
  console.log(
    `  ${sources.length} built-in patterns, ${name.padEnd(9)}: ${rate[name]?.toFixed(1)} µs per message`,
  );
}
console.log(`  ratio RE2 / V8: ${((rate.RE2 ?? 0) / (rate["V8 RegExp"] ?? 1)).toFixed(1)}x`);

let worst = 0;
let worstFiller = "";
let total = 0;
for (const f of FILLERS) {
  const message = f.repeat(Math.ceil(16_000 / f.length)).slice(0, 16_000);
  const s = performance.now();
  classify({ message }, withUser);
  const ms = performance.now() - s;
  total += ms;
  if (ms > worst) [worst, worstFiller] = [ms, f];
}
console.log(`adversarial 16 KB messages (${FILLERS.length} fillers, built-in + user rules):`);
console.log(
  `  mean ${(total / FILLERS.length).toFixed(1)} ms, worst ${worst.toFixed(1)} ms (${JSON.stringify(worstFiller)})`,
);

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
