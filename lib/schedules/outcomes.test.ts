// The slot rules at their edges, worked out by hand: the grace boundary, a job exactly at the next slot, the
// earliest of two jobs, the default grace's 10% and its 10-minute cap.
import { describe, expect, it } from "vitest";
import { graceMs, slotsBetween } from "./cron";
import { matchSlots, onTimeRate, type SlotJob } from "./outcomes";

const t = (iso: string) => new Date(`2026-06-01T${iso}Z`);
const job = (id: string, at: string, status = "succeeded"): SlotJob => ({
  externalId: id,
  status,
  startAt: t(at),
  agentName: null,
});

describe("matchSlots", () => {
  // slots 10:00, 10:10, 10:20 (next 10:30); grace 10% of 10 min = 60 s
  const slots = [t("10:00:00"), t("10:10:00"), t("10:20:00")];
  const next = t("10:30:00");

  it("on time at exactly the grace, late one second after; a job at the next slot's instant is the next slot's", () => {
    const r = matchSlots(
      slots,
      next,
      [job("a", "10:01:00"), job("b", "10:11:01"), job("c", "10:20:00"), job("c2", "10:25:00")],
      null,
      t("11:00:00"),
    );
    expect(r.map((s) => [s.outcome, s.job?.externalId ?? null, s.delayMs])).toEqual([
      ["on_time", "a", 60_000],
      ["late", "b", 61_000],
      // c at 10:20:00 sharp belongs to 10:20, and the earlier of c and c2 is its job
      ["on_time", "c", 0],
    ]);
    expect(onTimeRate(r)).toBeCloseTo(2 / 3, 10);
  });

  it("due until the grace ends, then missed; a running job is running; cancelled counts as failed", () => {
    const now = t("10:21:00");
    const r = matchSlots(
      slots,
      next,
      [job("a", "10:00:05", "running"), job("b", "10:10:30", "cancelled")],
      null,
      now,
    );
    expect(r.map((s) => s.outcome)).toEqual(["running", "failed", "missed"]);
    const early = matchSlots(slots, next, [], null, t("10:20:59"));
    expect(early.map((s) => s.outcome)).toEqual(["missed", "missed", "due"]);
    // only missed ones decided: rate 0; no decided slot at all: null
    expect(onTimeRate(early)).toBe(0);
    expect(onTimeRate(matchSlots([t("10:20:00")], next, [], null, t("10:20:30")))).toBeNull();
  });

  it("a job before the first slot belongs to none", () => {
    const r = matchSlots(slots, next, [job("x", "09:59:59")], null, t("11:00:00"));
    expect(r.map((s) => s.job)).toEqual([null, null, null]);
  });
});

describe("grace and slots", () => {
  it("defaults to 10% of the interval, at most 10 minutes; a set grace wins", () => {
    expect(graceMs(t("10:00:00"), t("10:05:00"), null)).toBe(30_000);
    expect(graceMs(t("10:00:00"), t("11:00:00"), null)).toBe(360_000);
    expect(graceMs(t("10:00:00"), new Date("2026-06-02T10:00:00Z"), null)).toBe(600_000);
    expect(graceMs(t("10:00:00"), t("11:00:00"), 1800)).toBe(1_800_000);
  });

  it("slotsBetween keeps the latest `max` before `to` and gives the next one at or after `to`", () => {
    const { slots, next } = slotsBetween("*/10 * * * *", "UTC", t("09:00:00"), t("10:20:00"), 3);
    expect(slots.map((d) => d.toISOString())).toEqual([
      "2026-06-01T09:50:00.000Z",
      "2026-06-01T10:00:00.000Z",
      "2026-06-01T10:10:00.000Z",
    ]);
    expect(next?.toISOString()).toBe("2026-06-01T10:20:00.000Z");
  });
});
