import { describe, expect, it } from "vitest";
import { withinMs } from "@/tests/helpers/watchdog";
import { cachedSafe, compileSafe, MAX_PROGRAM_SIZE, PatternError, patternProblem } from "./safe-regex";

// 40 a's then "!": V8's backtracking tries 2^40 ways to split the a's between the groups before failing.
const ATTACK = `${"a".repeat(40)}!`;

describe("compileSafe", () => {
  it("answers catastrophic-backtracking patterns at once, with the same answer as RegExp would", async () => {
    await withinMs(10_000, "RE2 on ^(a+)+$ and (x+x+)+y", () => {
      const nested = compileSafe("^(a+)+$", { ignoreCase: true, multiline: true });
      expect(nested.test(ATTACK)).toBe(false); // the "!" is not an a
      expect(nested.test("aaaa")).toBe(true);
      expect(nested.test("bbb\naaaa\nccc")).toBe(true); // multiline: a whole line of a's
      const overlapping = compileSafe("(x+x+)+y");
      expect(overlapping.test("x".repeat(10_000))).toBe(false);
      expect(overlapping.test("xxy")).toBe(true);
      const alternation = compileSafe("(a|a)*b|(\\w+\\s?)*$");
      expect(alternation.test(`${"a ".repeat(5000)}!`)).toBe(true); // "" at the end matches (\w+\s?)*$
    });
  });

  it("applies the flags like JavaScript's i, m and s", () => {
    expect(compileSafe("oomkilled").test("OOMKilled")).toBe(false);
    expect(compileSafe("oomkilled", { ignoreCase: true }).test("OOMKilled")).toBe(true);
    expect(compileSafe("^fatal").test("x\nfatal")).toBe(false);
    expect(compileSafe("^fatal", { multiline: true }).test("x\nfatal")).toBe(true);
    expect(compileSafe("^a.b$").test("a\nb")).toBe(false);
    expect(compileSafe("^a.b$", { dotAll: true }).test("a\nb")).toBe(true);
  });

  it("accepts JavaScript spellings RE2 lacks (\\u, [^]) and captureless lookbehinds", () => {
    expect(compileSafe("\\u0041{2}").test("xAAx")).toBe(true);
    expect(compileSafe("a[^]b").test("a\nb")).toBe(true);
    expect(compileSafe("C:\\\\1").test("at C:\\1")).toBe(true); // an escaped backslash, then 1: no backreference
    // the built-in out-of-memory rule: "out of memory" not preceded by "heap "
    const oom = compileSafe("(?<!heap )out of memory", { ignoreCase: true });
    expect(oom.test("fatal: Out of memory")).toBe(true);
    expect(oom.test("JavaScript heap out of memory")).toBe(false);
  });

  it.each([
    ["(?=x)a", 'pattern uses a lookahead "(?=", which is not supported (RE2 syntax)'],
    ["foo(?!bar)", 'pattern uses a lookahead "(?!", which is not supported (RE2 syntax)'],
    ["(a)\\1", 'pattern uses a backreference "\\1", which is not supported (RE2 syntax)'],
    ["(?<q>a)\\k<q>", 'pattern uses a backreference "\\k<name>", which is not supported (RE2 syntax)'],
    ["[\\]]\\\\(x)\\2", 'pattern uses a backreference "\\2", which is not supported (RE2 syntax)'],
    [
      "a++",
      'pattern uses a repeated repetition or possessive quantifier "++", which is not supported (RE2 syntax)',
    ],
    [
      "(?<=(a))b",
      "pattern uses a capturing group inside a lookbehind (write (?:...) instead), which is not supported (RE2 syntax)",
    ],
    [
      "a{1001}",
      'pattern uses a repeat count "{1001}" above 1000 (counting nested repeats), which is not supported (RE2 syntax)',
    ],
    [
      "(?:a{100}){100}",
      'pattern uses a repeat count "{100}" above 1000 (counting nested repeats), which is not supported (RE2 syntax)',
    ],
    ["(unclosed", 'missing closing ): "(unclosed"'],
    ["[z-a]", 'invalid character class range: "z-a"'],
  ])("refuses %s saying why", (source, message) => {
    expect(() => compileSafe(source)).toThrow(PatternError);
    expect(patternProblem(source)).toBe(message);
  });

  it("refuses a pattern whose program is too large to run quickly over a long message", () => {
    // Five alternatives of a class repeated 1000 times: each repeat is one instruction, so
    // 5 x (1000 + 1 for "#") + the alternation's and the search loop's few = 5011 > 2000.
    const wide = ["\\S", "\\w", "[^x]", "[^y]", "[^z]"].map((c) => `${c}{1000}#`).join("|");
    expect(patternProblem(wide)).toMatch(
      new RegExp(
        `^pattern is too complex \\(\\d+ instructions once compiled, at most ${MAX_PROGRAM_SIZE}\\)`,
      ),
    );
    // one of them alone is fine (1003 instructions)
    expect(patternProblem("\\S{1000}#")).toBeNull();
  });

  it("caches compiled patterns and remembers the bad ones as null", () => {
    const a = cachedSafe("timed? ?out", { ignoreCase: true });
    expect(a).not.toBeNull();
    expect(cachedSafe("timed? ?out", { ignoreCase: true })).toBe(a);
    expect(cachedSafe("timed? ?out")).not.toBe(a); // other flags, other entry
    expect(cachedSafe("(?=x)")).toBeNull();
    expect(cachedSafe("(?=x)")).toBeNull();
  });
});
