// The one way a pattern written by a person (failure rules, price table patterns) is compiled and run:
// RE2JS, a pure-JS port of RE2, whose matching time is linear in the input. V8's RegExp backtracks, so a
// pattern like ^(a+)+$ against "aaaa…!" takes exponential time and blocks the event loop; RE2 answers at
// once. RE2 refuses what cannot run in linear time (backreferences, lookahead, possessive repeats); a clear
// sentence says which, for the API's 400 and the forms.
//
// Linear is not enough on its own: the cost is input length times program size, and a 1 KB pattern of
// alternatives like \S{1000}#|\w{1000}#|… compiles to 100 000 instructions that take a minute over a 16 KB
// message. Patterns are therefore capped at MAX_PROGRAM_SIZE instructions (the largest built-in failure
// rule has ~1 100), which keeps one test under ~100 ms on 16 KB of adversarial text.
import { RE2JS, RE2JSException, RE2JSSyntaxException } from "re2js";

/** Compiled RE2 instructions a pattern may have. */
export const MAX_PROGRAM_SIZE = 2000;

export type PatternFlags = {
  /** Case-insensitive (JS "i"). */
  ignoreCase?: boolean;
  /** ^ and $ match at line breaks (JS "m"). */
  multiline?: boolean;
  /** . matches line breaks too (JS "s"). */
  dotAll?: boolean;
};

/** A compiled pattern: `test` searches the text (like RegExp.prototype.test) in linear time. */
export type SafeRegex = { readonly source: string; test(text: string): boolean };

export class PatternError extends Error {
  override name = "PatternError";
}

const unsupported = (what: string) =>
  new PatternError(`pattern uses ${what}, which is not supported (RE2 syntax)`);

/** What RE2 said, as a sentence a person can act on (callers put it after "Invalid <field>: "). */
function explain(e: RE2JSSyntaxException): PatternError {
  const part = e.input ?? "";
  switch (e.error) {
    case "invalid or unsupported Perl syntax":
      if (part.startsWith("(?=") || part.startsWith("(?!")) return unsupported(`a lookahead "${part}"`);
      break;
    case "invalid capture in lookbehind":
      return unsupported("a capturing group inside a lookbehind (write (?:...) instead)");
    case "invalid nested repetition operator":
      return unsupported(`a repeated repetition or possessive quantifier "${part}"`);
    case "invalid repeat count":
      return unsupported(`a repeat count "${part}" above 1000 (counting nested repeats)`);
    case "expression too large":
    case "expression nests too deeply":
      return new PatternError(`pattern is too large or nests too deeply (${e.error})`);
  }
  return new PatternError(`${e.error}${part ? `: "${part}"` : ""}`);
}

/**
 * A backreference (\1 to \9, \k<name>) outside a character class, or null. Looked for before RE2JS's
 * translation of JavaScript syntax, which would quietly read "\k<name>" as the letters "k<name>".
 */
function backreference(source: string): string | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if (!inClass && next >= "1" && next <= "9") return `\\${next}`;
      if (!inClass && next === "k" && source[i + 2] === "<") return "\\k<name>";
      i++;
    } else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
  }
  return null;
}

/**
 * Compiles a pattern written in JavaScript or RE2 syntax (\uXXXX, \cX and [^] are translated). Throws a
 * PatternError saying what is wrong. Captureless lookbehinds are allowed: RE2JS runs them in linear time.
 */
export function compileSafe(source: string, flags: PatternFlags = {}): SafeRegex {
  if (typeof source !== "string") throw new PatternError("pattern must be a string");
  const backref = backreference(source);
  if (backref) throw unsupported(`a backreference "${backref}"`);
  const bits =
    RE2JS.LOOKBEHINDS |
    (flags.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) |
    (flags.multiline ? RE2JS.MULTILINE : 0) |
    (flags.dotAll ? RE2JS.DOTALL : 0);
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) throw explain(e);
    if (e instanceof RE2JSException) throw new PatternError(e.message);
    throw e;
  }
  const size = re.programSize();
  if (size > MAX_PROGRAM_SIZE)
    throw new PatternError(
      `pattern is too complex (${size} instructions once compiled, at most ${MAX_PROGRAM_SIZE}): shorten its alternatives or repeat counts`,
    );
  return { source, test: (text: string) => re.test(text) };
}

/** null when the pattern compiles, else the sentence compileSafe would throw. */
export function patternProblem(source: string, flags: PatternFlags = {}): string | null {
  try {
    compileSafe(source, flags);
    return null;
  } catch (e) {
    if (e instanceof PatternError) return e.message;
    throw e;
  }
}

/** Compiled patterns by flags, then source (no key is built per call: sources are hashed once). */
const caches = new Map<string, Map<string, SafeRegex | null>>();
let cached = 0;

/**
 * compileSafe for hot paths (classifying every failure, pricing every usage): compiled once per pattern and
 * flags; null (remembered too) when the pattern does not compile, so a bad stored pattern never matches.
 */
export function cachedSafe(source: string, flags: PatternFlags = {}): SafeRegex | null {
  const flagKey = `${flags.ignoreCase ? "i" : ""}${flags.multiline ? "m" : ""}${flags.dotAll ? "s" : ""}`;
  let cache = caches.get(flagKey);
  if (!cache) {
    cache = new Map();
    caches.set(flagKey, cache);
  }
  let re = cache.get(source);
  if (re === undefined) {
    try {
      re = compileSafe(source, flags);
    } catch (e) {
      if (!(e instanceof PatternError)) throw e;
      re = null;
    }
    if (++cached > 5000) {
      for (const c of caches.values()) c.clear();
      cached = 1;
    }
    cache.set(source, re);
  }
  return re;
}
