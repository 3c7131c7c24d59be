import { describe, expect, it } from "vitest";
import {
  compactDuration,
  formatRate,
  lookupKeyFromSegment,
  stalledJobsLabel,
  statusDetail,
  statusLine,
} from "./format";

describe("compactDuration", () => {
  it("shows the two largest units, rounding down", () => {
    expect(compactDuration(-5)).toBe("0s");
    expect(compactDuration(59_999)).toBe("59s");
    expect(compactDuration(60_000)).toBe("1m");
    expect(compactDuration(59 * 60_000 + 59_000)).toBe("59m");
    expect(compactDuration(3_600_000)).toBe("1h");
    expect(compactDuration(3_600_000 + 5 * 60_000)).toBe("1h 5m");
    expect(compactDuration(86_400_000)).toBe("1d");
    expect(compactDuration(2 * 86_400_000 + 3 * 3_600_000 + 59 * 60_000)).toBe("2d 3h");
  });
  it("formats rates as whole percents", () => {
    expect(formatRate(null)).toBe("—");
    expect(formatRate(2 / 3)).toBe("67%");
    expect(formatRate(1)).toBe("100%");
  });
});

describe("stalled jobs are jobs: the agent's wording", () => {
  const a = (patch: Partial<Parameters<typeof statusDetail>[0]>) => ({
    status: "running" as const,
    stalled_jobs: 0,
    quiet_seconds: 0,
    offline_with_job: false,
    ...patch,
  });

  it("counts stalled jobs in words", () => {
    expect(stalledJobsLabel(1)).toBe("1 stalled job");
    expect(stalledJobsLabel(2)).toBe("2 stalled jobs");
  });

  it("says an alive agent has a stalled job, never that the agent is stalled", () => {
    // heartbeating, one job silent for 20 minutes (1200 s)
    expect(statusDetail(a({ stalled_jobs: 1, quiet_seconds: 1200 }))).toBe(
      "1 stalled job · no event for 20m",
    );
    expect(statusLine(a({ stalled_jobs: 1, quiet_seconds: 1200 }))).toBe(
      "Alive (running), with 1 stalled job: no event for 20m.",
    );
    // two stalled jobs, the quietest silent for 1 h 5 min (3900 s)
    expect(statusDetail(a({ stalled_jobs: 2, quiet_seconds: 3900 }))).toBe(
      "2 stalled jobs · no event for 1h 5m",
    );
    expect(statusLine(a({ stalled_jobs: 2, quiet_seconds: 3900 }))).toBe(
      "Alive (running), with 2 stalled jobs: the quietest has sent no event for 1h 5m.",
    );
    expect(statusLine(a({ status: "waiting", stalled_jobs: 1, quiet_seconds: 960 }))).toBe(
      "Its last heartbeat says it is waiting, with 1 stalled job: no event for 16m.",
    );
  });

  it("speaks of liveness alone when nothing is stalled, and of silence when offline", () => {
    expect(statusDetail(a({}))).toBeNull();
    expect(statusLine(a({}))).toBeNull();
    expect(statusLine(a({ status: "waiting" }))).toBe("Its last heartbeat says it is waiting.");
    // offline 2 h (7200 s) with its job left running: the agent is what went silent
    expect(
      statusDetail(a({ status: "offline", quiet_seconds: 7200, offline_with_job: true, stalled_jobs: 1 })),
    ).toBe("silent for 2h, job left running");
    expect(statusLine(a({ status: "offline", quiet_seconds: 7200, offline_with_job: true }))).toBe(
      "No heartbeat and no event for 2h, with a job still running.",
    );
  });
});

describe("lookupKeyFromSegment", () => {
  it("decodes a segment, and gives null for what cannot name an agent or a job", () => {
    expect(lookupKeyFromSegment(encodeURIComponent("night owl/2"))).toBe("night owl/2");
    expect(lookupKeyFromSegment("%E0%A4%A")).toBe("%E0%A4%A"); // not percent-encoding: taken as it is
    expect(lookupKeyFromSegment("%00")).toBeNull(); // PostgreSQL text holds no NUL
    expect(lookupKeyFromSegment("")).toBeNull();
    expect(lookupKeyFromSegment("x".repeat(513))).toBeNull();
    expect(lookupKeyFromSegment("x".repeat(512))).toBe("x".repeat(512));
  });
});
