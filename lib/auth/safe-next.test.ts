import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next";

describe("safeNextPath", () => {
  // Every one of these is read by a browser (or the URL parser) as another origin, or is not a plain path:
  // each must fall back to "/".
  const hostile: [string, unknown][] = [
    ["protocol-relative", "//evil.test"],
    ["protocol-relative with path", "//evil.test/x"],
    ["absolute https", "https://evil.test"],
    ["absolute http", "http://evil.test/x"],
    ["backslash after slash (browsers read /\\ as //)", "/\\evil.test/x"],
    ["two backslashes", "/\\\\evil.test"],
    ["backslash then slash", "\\/evil.test"],
    ["leading backslash", "\\evil.test"],
    ["tab between slashes (parser strips it: //evil.test)", "/\t/evil.test"],
    ["newline between slashes", "/\n/evil.test"],
    ["carriage return between slashes", "/\r/evil.test"],
    ["NUL byte", "/\u0000/evil.test"],
    ["DEL byte", "/\u007f/evil.test"],
    ["dot segment folding into // (/.//evil -> //evil)", "/.//evil"],
    ["dot-dot segment folding into //", "/x/..//evil.test"],
    ["encoded slash after slash", "/%2F/evil.test"],
    ["encoded slash, lower case", "/%2f%2fevil.test"],
    ["encoded backslash", "/%5Cevil.test"],
    ["encoded tab (a path after decoding the query once)", "/%09/evil.test"],
    ["javascript: URL", "javascript:alert(1)"],
    ["javascript: URL upper case", "JAVASCRIPT:alert(document.domain)"],
    ["data: URL", "data:text/html,<script>alert(1)</script>"],
    ["relative path (no leading slash)", "evil.test"],
    ["scheme-relative with credentials", "//user@evil.test"],
    ["https with userinfo pretending to be local", "https://fleetwatch.invalid@evil.test"],
    ["leading space before //", " //evil.test"],
    ["empty string", ""],
    ["not a string", ["/jobs"]],
    ["undefined", undefined],
    ["over-long", `/${"a".repeat(3000)}`],
    ["malformed percent escape", "/%E0%A4%A"],
  ];
  for (const [name, value] of hostile) {
    it(`falls back to / for ${name}`, () => {
      expect(safeNextPath(value)).toBe("/");
    });
  }

  // Local paths come back as the parser serialises them (same characters here: nothing to normalise).
  const local: [string, string][] = [
    ["/", "/"],
    ["/jobs", "/jobs"],
    ["/jobs/abc?status=failed&range=7d", "/jobs/abc?status=failed&range=7d"],
    ["/settings#keys", "/settings#keys"],
    ["/failures?q=%2F%2Fevil.test", "/failures?q=%2F%2Fevil.test"], // an encoded // in the query is data
    ["/a/./b/../c", "/a/c"], // dot segments resolved, still one leading slash
  ];
  for (const [value, expected] of local) {
    it(`keeps the local path ${value}`, () => {
      expect(safeNextPath(value)).toBe(expected);
    });
  }

  it("returns something that resolves to the console's own origin for every hostile shape", () => {
    const origin = "https://console.example.com";
    for (const [, value] of hostile) {
      expect(new URL(safeNextPath(value), origin).origin).toBe(origin);
    }
  });
});
