// The issue search box's small query language, parsed into plain terms (pure: the page, the API and the SQL
// builder in queries.ts share it). Grammar, GitHub-like:
//   is:unresolved agent:scout model:gpt-5 harness:codex class:timeout "connection reset" reset -agent:x
// - qualifier:value, the value bare or quoted (agent:"night shift"); qualifier names are case-insensitive.
// - "a phrase" or a bare word: matched, case-insensitively, against the issue's title or sample message.
// - a leading "-" negates any term.
// Repeats of one qualifier mean "any of them" (is:new is:regressed); negated ones "none of them"; words and
// phrases must all match. Nothing here becomes a regular expression: the SQL matches words with ILIKE and
// escaped wildcards, and compares qualifier values for equality.
import { ISSUE_STATES, type IssueState } from "@/db/schema/failures";
import { FAILURE_CLASSES, isFailureClass } from "./taxonomy";

/** Bounds on hostile input: longer queries or more terms are refused, not truncated. */
export const ISSUE_QUERY_MAX_LENGTH = 500;
export const ISSUE_QUERY_MAX_TERMS = 20;

export const ISSUE_QUALIFIERS = ["is", "agent", "model", "harness", "class"] as const;
export type IssueQualifier = (typeof ISSUE_QUALIFIERS)[number];

/** is: takes a state, or open / unresolved (the same thing: new, ongoing or regressed). */
const OPEN_STATES: IssueState[] = ["new", "ongoing", "regressed"];
export const IS_VALUES = [...ISSUE_STATES, "open", "unresolved"] as const;

export type SearchTerm =
  | { kind: "is"; states: IssueState[]; negated: boolean }
  | { kind: "agent" | "model" | "harness" | "class"; value: string; negated: boolean }
  | { kind: "text"; value: string; negated: boolean };

export type ParsedIssueQuery = { ok: true; terms: SearchTerm[] } | { ok: false; error: string };

const isQualifier = (name: string): name is IssueQualifier =>
  (ISSUE_QUALIFIERS as readonly string[]).includes(name);

/** Reads a quoted value starting at s[i] === '"'; returns it and the index after the closing quote. */
function readQuoted(s: string, i: number): { value: string; end: number } | null {
  const close = s.indexOf('"', i + 1);
  if (close === -1) return null;
  return { value: s.slice(i + 1, close), end: close + 1 };
}

/** Reads up to the next whitespace. */
function readBare(s: string, i: number): { value: string; end: number } {
  let end = i;
  while (end < s.length && !/\s/.test(s[end] as string)) end++;
  return { value: s.slice(i, end), end };
}

export function parseIssueQuery(input: string): ParsedIssueQuery {
  if (input.length > ISSUE_QUERY_MAX_LENGTH)
    return { ok: false, error: `The search is too long (at most ${ISSUE_QUERY_MAX_LENGTH} characters).` };
  // PostgreSQL text cannot hold NUL, and no failure message is searched for a control character
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(input))
    return { ok: false, error: "The search contains a control character." };
  const s = input.trim();
  const terms: SearchTerm[] = [];
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i] as string)) {
      i++;
      continue;
    }
    const negated = s[i] === "-" && i + 1 < s.length && !/\s/.test(s[i + 1] as string);
    if (negated) i++;
    let term: SearchTerm;
    if (s[i] === '"') {
      const q = readQuoted(s, i);
      if (!q) return { ok: false, error: 'A quote is not closed: end the phrase with ".' };
      i = q.end;
      const value = q.value.trim();
      if (!value) continue; // "" matches everything: nothing to add
      term = { kind: "text", value, negated };
    } else {
      const word = /^([A-Za-z_]+):/.exec(s.slice(i));
      if (!word) {
        const bare = readBare(s, i);
        i = bare.end;
        term = { kind: "text", value: bare.value, negated };
      } else {
        const name = (word[1] as string).toLowerCase();
        if (!isQualifier(name))
          return {
            ok: false,
            error: `Unknown qualifier "${word[1]}:". Use ${ISSUE_QUALIFIERS.map((q) => `${q}:`).join(", ")}, or put text with a colon in quotes.`,
          };
        i += word[0].length;
        const read = s[i] === '"' ? readQuoted(s, i) : readBare(s, i);
        if (!read) return { ok: false, error: `A quote is not closed after ${name}:.` };
        i = read.end;
        const value = read.value.trim();
        if (!value) return { ok: false, error: `${name}: needs a value, as in ${example(name)}.` };
        const made = qualifierTerm(name, value, negated);
        if ("error" in made) return { ok: false, error: made.error };
        term = made;
      }
    }
    terms.push(term);
    if (terms.length > ISSUE_QUERY_MAX_TERMS)
      return { ok: false, error: `The search has too many terms (at most ${ISSUE_QUERY_MAX_TERMS}).` };
  }
  return { ok: true, terms };
}

function example(name: IssueQualifier): string {
  return {
    is: "is:unresolved",
    agent: "agent:scout",
    model: "model:gpt-5",
    harness: "harness:codex",
    class: "class:timeout",
  }[name];
}

function qualifierTerm(
  name: IssueQualifier,
  value: string,
  negated: boolean,
): SearchTerm | { error: string } {
  if (name === "is") {
    const v = value.toLowerCase();
    if (v === "open" || v === "unresolved") return { kind: "is", states: OPEN_STATES, negated };
    const state = ISSUE_STATES.find((x) => x === v);
    if (!state) return { error: `Unknown state "is:${value}". Use is:${IS_VALUES.join(", is:")}.` };
    return { kind: "is", states: [state], negated };
  }
  if (name === "class") {
    const v = value.toLowerCase();
    if (!isFailureClass(v))
      return { error: `Unknown failure class "class:${value}". Use one of ${FAILURE_CLASSES.join(", ")}.` };
    return { kind: "class", value: v, negated };
  }
  return { kind: name, value, negated };
}

/** The states an is: term set asks for (any of them), or null when the query has no positive is:. */
export function queryStates(terms: SearchTerm[]): IssueState[] | null {
  const wanted = terms.filter((t) => t.kind === "is" && !t.negated) as Extract<SearchTerm, { kind: "is" }>[];
  return wanted.length ? [...new Set(wanted.flatMap((t) => t.states))] : null;
}

/** A LIKE pattern that matches `text` anywhere, literally: \, % and _ are escaped (PostgreSQL's default \ escape). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
