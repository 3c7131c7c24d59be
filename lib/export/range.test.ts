import { describe, expect, it } from "vitest";
import { parseExportArgs } from "./range";

const ok = (raw: Record<string, unknown>) => {
  const r = parseExportArgs(raw);
  if (!r.ok) throw new Error(r.error);
  return r.args;
};
const error = (raw: Record<string, unknown>) => {
  const r = parseExportArgs(raw);
  return r.ok ? null : r.error;
};

describe("the export's range", () => {
  it("reads a day as its first instant in UTC, and a time with its offset", () => {
    const a = ok({ project: "p", from: "2026-03-01", to: "2026-03-02T01:30:00+02:00" });
    expect(a.from.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(a.to.toISOString()).toBe("2026-03-01T23:30:00.000Z"); // 01:30 at +02:00 is 23:30 the day before in UTC
  });

  it("refuses what is not a day or an RFC 3339 time, and an empty or reversed range", () => {
    expect(error({ project: "p", from: "2026-02-30", to: "2026-03-02" })).toBe(
      "--from: 2026-02-30 is not a day of the calendar",
    );
    expect(error({ project: "p", from: "2026-03-01T10:00:00", to: "2026-03-02" })).toMatch(
      /^--from: "2026-03-01T10:00:00" is neither a day/,
    );
    expect(error({ project: "p", from: "yesterday", to: "2026-03-02" })).toMatch(/^--from: "yesterday"/);
    expect(error({ project: "p", from: "2026-03-02", to: "2026-03-02" })).toMatch(
      /--from must be before --to/,
    );
    expect(error({ project: "p", from: "2026-03-03", to: "2026-03-02" })).toMatch(
      /--from must be before --to/,
    );
  });

  it("names a missing option", () => {
    expect(error({ from: "2026-03-01", to: "2026-03-02" })).toBe("--project is required");
    expect(error({ project: "p", to: "2026-03-02" })).toBe("--from is required");
    expect(error({ project: "p", from: "2026-03-01" })).toBe("--to is required");
  });
});
