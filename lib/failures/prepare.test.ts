import { describe, expect, it } from "vitest";
import { pivotByClass } from "./prepare";

describe("pivotByClass", () => {
  it("fills every bucket of the range and orders classes by total", () => {
    const { data, classes } = pivotByClass(
      [
        { bucket: "2026-01-02T00:00:00Z", failure_class: "timeout", count: 1 },
        { bucket: "2026-01-02T00:00:00Z", failure_class: "rate_limit", count: 3 },
        { bucket: "2026-01-04T00:00:00Z", failure_class: "timeout", count: 1 },
      ],
      { from: "2026-01-01T10:00:00Z", to: "2026-01-04T12:00:00Z", unit: "day" },
    );
    expect(classes).toEqual(["rate_limit", "timeout"]);
    expect(data).toEqual([
      { bucket: "2026-01-01T00:00:00Z", rate_limit: 0, timeout: 0 },
      { bucket: "2026-01-02T00:00:00Z", rate_limit: 3, timeout: 1 },
      { bucket: "2026-01-03T00:00:00Z", rate_limit: 0, timeout: 0 },
      { bucket: "2026-01-04T00:00:00Z", rate_limit: 0, timeout: 1 },
    ]);
  });

  it("ends before the bucket that starts at the end of the range", () => {
    const { data } = pivotByClass([], {
      from: "2026-01-01T22:30:00Z",
      to: "2026-01-02T00:00:00Z",
      unit: "hour",
    });
    expect(data.map((r) => r.bucket)).toEqual(["2026-01-01T22:00:00Z", "2026-01-01T23:00:00Z"]);
  });
});
