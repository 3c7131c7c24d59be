import { describe, expect, it } from "vitest";
import { relaxPhrases } from "./tsquery";

describe("relaxPhrases", () => {
  it("turns phrase operators into & and keeps the rest", () => {
    // websearch_to_tsquery('simple', '"in the" OR fix') prints: 'in' <-> 'the' | 'fix'
    expect(relaxPhrases("'in' <-> 'the' | 'fix'")).toBe("'in' & 'the' | 'fix'");
    // a hyphenated word is a phrase of its parts: 'foo-bar' <-> 'foo' <-> 'bar'
    expect(relaxPhrases("'foo-bar' <-> 'foo' <-> 'bar'")).toBe("'foo-bar' & 'foo' & 'bar'");
    expect(relaxPhrases("( 'a' & 'b' ) <2> 'c'")).toBe("( 'a' & 'b' ) & 'c'");
  });

  it("leaves operators inside quoted lexemes alone", () => {
    // a lexeme may hold < and quotes ('' is a quote): only the operator between them changes
    expect(relaxPhrases("'it''s<->x' <-> 'y'")).toBe("'it''s<->x' & 'y'");
    expect(relaxPhrases("'a''' <-> '!b'")).toBe("'a''' & '!b'");
  });

  it("gives null when there is no phrase or a negation", () => {
    expect(relaxPhrases("'the'")).toBeNull();
    expect(relaxPhrases("'a' & 'b' | 'c'")).toBeNull();
    // !( 'go' <-> 'test' ) relaxed to !( 'go' & 'test' ) would drop rows with both words apart
    expect(relaxPhrases("'fix' & !( 'go' <-> 'test' )")).toBeNull();
    expect(relaxPhrases("'a' <-> 'b' & !'c'")).toBeNull();
  });
});
