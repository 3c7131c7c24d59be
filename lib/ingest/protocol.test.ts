import { describe, expect, it } from "vitest";
import { parseEvent } from "./protocol";

const started = {
  id: "e1",
  type: "job.started",
  time: "2026-11-01T10:00:00+02:00",
  job: "j1",
  agent: "scout",
  data: { harness: "claude-code", model: "claude-sonnet-4-5" },
};

describe("parseEvent", () => {
  it("accepts a valid event and parses its RFC 3339 time", () => {
    const r = parseEvent(started);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.event.time.toISOString()).toBe("2026-11-01T08:00:00.000Z");
  });

  it("names the unknown type and lists the valid ones", () => {
    const r = parseEvent({ ...started, type: "job.exploded" });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('unknown event type "job.exploded"') });
  });

  it.each([
    ["job.started without agent", { ...started, agent: undefined }, "agent"],
    ["job.started without harness", { ...started, data: {} }, "data.harness"],
    ["job.* without job", { ...started, job: undefined }, "job"],
    ["a time that is not RFC 3339", { ...started, time: "yesterday" }, "time"],
    [
      "a job.failed without error message",
      { ...started, type: "job.failed", data: { error: {} } },
      "data.error.message",
    ],
    [
      "a usage with negative tokens",
      { ...started, type: "job.usage", data: { model: "m", input_tokens: -1, output_tokens: 0 } },
      "data.input_tokens",
    ],
  ])("rejects %s, naming the field", (_, raw, field) => {
    const r = parseEvent(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.startsWith(`${field}:`)).toBe(true);
  });

  it("keeps unknown data fields (forward compatible)", () => {
    const r = parseEvent({ ...started, data: { ...started.data, custom: 1 } });
    expect(r.ok && r.event.data.custom).toBe(1);
  });

  it("takes a run's facts: trigger as a word or an object with a cron schedule, root, retry, step", () => {
    const data = {
      ...started.data,
      trigger: { kind: "cron", name: "nightly-deps", schedule: "0 3 * * *", tz: "Europe/Paris", by: "ops" },
      parent_job: "p1",
      root_job: "r1",
      retry_of: "j0",
      step: "review:gpt-5",
    };
    expect(parseEvent({ ...started, data }).ok).toBe(true);
    expect(parseEvent({ ...started, type: "job.queued", data: { trigger: "chat", step: "write" } }).ok).toBe(
      true,
    );
  });

  it.each([
    ["an unknown trigger kind", { kind: "telepathy" }, "data.trigger"],
    ["a schedule that is not cron", { kind: "cron", schedule: "every morning" }, "data.trigger.schedule"],
    ["an unknown time zone", { kind: "cron", schedule: "@daily", tz: "Mars/Olympus" }, "data.trigger.tz"],
  ])("rejects a trigger with %s, naming the field", (_, trigger, field) => {
    const r = parseEvent({ ...started, data: { ...started.data, trigger } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(field);
  });
});
