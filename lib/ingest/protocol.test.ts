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
});
