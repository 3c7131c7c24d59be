import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes what needs quoting and ends lines with CRLF", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"']])).toBe('a,b\r\n"x,y","say ""hi"""\r\n');
    expect(toCsv(["n"], [[1.5], [null], [Number.NaN]])).toBe("n\r\n1.5\r\n\r\n\r\n");
  });

  it("defuses spreadsheet formulas in text but not negative numbers", () => {
    expect(toCsv(["m"], [["=HYPERLINK(1)"], ["@x"], ["-1+2"], [-3]])).toBe(
      "m\r\n'=HYPERLINK(1)\r\n'@x\r\n'-1+2\r\n-3\r\n",
    );
  });
});
