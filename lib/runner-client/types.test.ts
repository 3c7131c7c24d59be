// Compile-time checks of ClientEvent (tsc runs over test files too), plus the re-exports.
import { describe, expect, it } from "vitest";
import * as api from "./index";
import type { ClientEvent } from "./types";

describe("ClientEvent", () => {
  it("types each event's data after the protocol", () => {
    const ok: ClientEvent[] = [
      { type: "job.started", job: "j", agent: "a", time: new Date(), data: { harness: "h", custom: 1 } },
      { type: "job.failed", job: "j", data: { error: { message: "m", exit_code: 2 }, retryable: false } },
      { type: "agent.heartbeat", agent: "a", data: { status: "busy" } },
      {
        type: "job.completed",
        job: "j",
        id: "done-1",
        seq: 9,
        data: { artifacts: [{ kind: "pr", url: "u" }] },
      },
    ];
    // @ts-expect-error harness is required on job.started
    const noHarness: ClientEvent = { type: "job.started", job: "j", agent: "a", data: {} };
    // @ts-expect-error job is required on job.* events
    const noJob: ClientEvent = { type: "job.log", data: { level: "info", message: "m" } };
    // @ts-expect-error status is one of idle, busy, waiting
    const badStatus: ClientEvent = { type: "agent.heartbeat", agent: "a", data: { status: "asleep" } };
    expect([ok, noHarness, noJob, badStatus]).toHaveLength(4);
  });

  it("exports the public API from index", () => {
    expect(Object.keys(api).sort()).toEqual([
      "FleetwatchClient",
      "FleetwatchError",
      "MAX_BODY_BYTES",
      "MAX_EVENTS_PER_REQUEST",
      "backoffDelay",
      "eventsEndpoint",
      "parseRetryAfter",
      "randomEventId",
      "signatureHeader",
      "stableEventId",
    ]);
  });
});
