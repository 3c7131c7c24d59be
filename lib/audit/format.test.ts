import { describe, expect, it } from "vitest";
import { changesText, fieldChanges } from "./format";

describe("fieldChanges", () => {
  it("lists only the fields that differ, old and new as text", () => {
    const before = { timezone: "UTC", stallAfterSeconds: 900, offlineAfterSeconds: 1800 };
    const after = { timezone: "UTC", stallAfterSeconds: 600, offlineAfterSeconds: 1800 };
    expect(fieldChanges(before, after)).toEqual([
      { field: "stallAfterSeconds", before: "900", after: "600" },
    ]);
  });

  it("shows a creation as new values only and a deletion as old values only", () => {
    expect(fieldChanges(null, { name: "ci", scopes: ["read"] })).toEqual([
      { field: "name", before: null, after: "ci" },
      { field: "scopes", before: null, after: '["read"]' },
    ]);
    expect(changesText({ enabled: false }, null)).toBe("enabled: false → —");
  });

  it("compares nested values as JSON and non-objects as one unnamed field", () => {
    const a = { state: "new", stateDetail: null };
    const b = { state: "resolved", stateDetail: { inVersion: "1.2" } };
    expect(changesText(a, b)).toBe('state: new → resolved; stateDetail: — → {"inVersion":"1.2"}');
    expect(changesText(null, null)).toBe("");
    expect(changesText("a", "b")).toBe("a → b");
  });
});
