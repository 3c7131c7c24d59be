import { describe, expect, it } from "vitest";
import { containsPattern, parseIssueQuery, queryStates } from "./search-query";

const terms = (q: string) => {
  const r = parseIssueQuery(q);
  if (!r.ok) throw new Error(r.error);
  return r.terms;
};
const error = (q: string) => {
  const r = parseIssueQuery(q);
  if (r.ok) throw new Error(`expected an error for ${q}`);
  return r.error;
};

describe("parseIssueQuery", () => {
  it("reads the issue's example: a state, three qualifiers and a phrase", () => {
    expect(terms('is:unresolved agent:x model:y class:timeout "connection reset"')).toEqual([
      // unresolved = open = new, ongoing or regressed
      { kind: "is", states: ["new", "ongoing", "regressed"], negated: false },
      { kind: "agent", value: "x", negated: false },
      { kind: "model", value: "y", negated: false },
      { kind: "class", value: "timeout", negated: false },
      { kind: "text", value: "connection reset", negated: false },
    ]);
  });

  it("reads bare words, quoted qualifier values, negations and case-insensitive names", () => {
    expect(terms('ECONNRESET -agent:"night shift" Harness:codex -flaky IS:Resolved')).toEqual([
      { kind: "text", value: "ECONNRESET", negated: false },
      { kind: "agent", value: "night shift", negated: true },
      { kind: "harness", value: "codex", negated: false },
      { kind: "text", value: "flaky", negated: true },
      { kind: "is", states: ["resolved"], negated: false },
    ]);
  });

  it("keeps a lone dash and an empty phrase harmless", () => {
    // "-" followed by a space is a word of its own; "" adds nothing
    expect(terms(' - ""  a-b ')).toEqual([
      { kind: "text", value: "-", negated: false },
      { kind: "text", value: "a-b", negated: false },
    ]);
    expect(terms("")).toEqual([]);
  });

  it("refuses unknown qualifiers, states and classes with a message that says what works", () => {
    expect(error("assignee:me")).toBe(
      'Unknown qualifier "assignee:". Use is:, agent:, model:, harness:, class:, or put text with a colon in quotes.',
    );
    expect(error("is:closed")).toMatch(/^Unknown state "is:closed"\. Use is:new, is:ongoing, is:resolved/);
    expect(error("class:oom")).toMatch(/^Unknown failure class "class:oom"\. Use one of rate_limit,/);
    expect(error("agent:")).toBe("agent: needs a value, as in agent:scout.");
    expect(error('"connection reset')).toBe('A quote is not closed: end the phrase with ".');
    expect(error('model:"gpt')).toBe("A quote is not closed after model:.");
    // text with a colon must be quoted, and then it is plain text
    expect(error("http://x")).toMatch(/^Unknown qualifier "http:"/);
    expect(terms('"http://x"')).toEqual([{ kind: "text", value: "http://x", negated: false }]);
  });

  it("bounds hostile input: length and number of terms", () => {
    expect(error("a".repeat(501))).toBe("The search is too long (at most 500 characters).");
    expect(terms("a".repeat(500))).toHaveLength(1);
    expect(terms(Array(20).fill("w").join(" "))).toHaveLength(20);
    expect(error(Array(21).fill("w").join(" "))).toBe("The search has too many terms (at most 20).");
    // NUL would make PostgreSQL fail (a 500); tabs and newlines are only whitespace
    expect(error("agent:a\u0000b")).toBe("The search contains a control character.");
    expect(error("x\u001by")).toBe("The search contains a control character.");
    expect(terms("a\tb\nc")).toHaveLength(3);
  });
});

describe("queryStates", () => {
  it("unions the positive is: terms and ignores negated ones", () => {
    expect(queryStates(terms("is:new is:regressed -is:ignored"))).toEqual(["new", "regressed"]);
    expect(queryStates(terms("-is:resolved timeout"))).toBeNull();
  });
});

describe("containsPattern", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    // 100% -> %100\%%, a_b -> %a\_b%, c:\d -> %c:\\d%
    expect(containsPattern("100%")).toBe("%100\\%%");
    expect(containsPattern("a_b")).toBe("%a\\_b%");
    expect(containsPattern("c:\\d")).toBe("%c:\\\\d%");
  });
});
