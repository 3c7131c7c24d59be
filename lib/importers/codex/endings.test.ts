// How a rollout's end maps to the job's outcome, and how junk is tolerated.
import { describe, expect, it } from "vitest";
import { importCodex } from "./index";
import { at, ev, FILE, TEXT } from "./sample-rollout";
import { expectWellFormed, jsonl, ofType } from "./test-helpers";

describe("Codex rollout endings", () => {
  it("fails a session that ends on an error, keeping its wording", () => {
    const failed = importCodex(
      TEXT +
        jsonl([
          ev(at("40:00.000"), { type: "task_started" }),
          ev(at("40:05.000"), {
            type: "error",
            message: "You've hit your usage limit. Try again in 2 hours.",
            codex_error_info: "usage_limit_exceeded",
          }),
          ev(at("40:05.100"), {
            type: "token_count",
            info: null,
            rate_limits: { primary: { used_percent: 100, window_minutes: 300 } },
          }),
        ]),
      { fileName: FILE },
    );
    expectWellFormed(failed.events);
    expect(failed.events.at(-1)).toMatchObject({
      type: "job.failed",
      time: "2025-10-05T09:40:05.100Z",
      data: {
        error: {
          type: "usage_limit_exceeded",
          message: "You've hit your usage limit. Try again in 2 hours.",
        },
        retryable: true,
      },
    });
    expect(ofType(failed.events, "job.log").map((e) => [e.data.level, e.data.message])).toEqual([
      ["error", "You've hit your usage limit. Try again in 2 hours."],
      ["warn", "Rate limit reached: primary 100% used of 300 min window"],
    ]);
  });

  it("does not fail a session that went on after an error", () => {
    const recovered = importCodex(
      TEXT +
        jsonl([
          ev(at("41:00.000"), { type: "stream_error", message: "Reconnecting... 1/5" }),
          ev(at("41:00.100"), { type: "error", message: "stream disconnected before completion" }),
          ev(at("41:30.000"), { type: "user_message", message: "try again" }),
          ev(at("41:30.100"), { type: "task_complete", last_agent_message: null }),
        ]),
      { fileName: FILE },
    );
    expect(recovered.events.at(-1)?.type).toBe("job.completed");
  });

  it("cancels a session whose last turn was interrupted", () => {
    const aborted = importCodex(
      TEXT +
        jsonl([
          ev(at("50:00.000"), { type: "task_started" }),
          ev(at("50:02.000"), { type: "turn_aborted", reason: "interrupted" }),
        ]),
      { fileName: FILE },
    );
    expect(aborted.events.at(-1)).toMatchObject({ type: "job.cancelled", data: { reason: "interrupted" } });
  });

  it("tolerates junk: bad lines are skipped with their number, unknown records kept raw", () => {
    const lines = TEXT.split("\n");
    lines.splice(
      3,
      0,
      '{"timestamp":"2025-10-05T09:12:04Z","type":"event_msg","payload":{"type":"brand_new_thing","x":1}}',
      "[1,2]",
      "",
      '{"truncated": ',
    );
    const messy = importCodex(lines.join("\n"), { fileName: FILE, agent: "laptop-codex" });
    expect(messy.skipped).toEqual([
      { line: 5, reason: "not a JSON object" },
      { line: 7, reason: expect.stringContaining("not valid JSON") },
    ]);
    expectWellFormed(messy.events);
    expect(messy.events.every((e) => e.agent === "laptop-codex")).toBe(true);
    const raw = ofType(messy.events, "job.log").find((e) => e.data.level === "debug");
    expect(raw?.data).toMatchObject({
      message: "Unrecognized Codex event brand_new_thing",
      raw: { payload: { type: "brand_new_thing", x: 1 } },
    });
  });
});
