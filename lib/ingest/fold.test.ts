import { describe, expect, it } from "vitest";
import { foldEvents, terminalWins } from "./fold";
import type { IngestEvent } from "./protocol";

const t = (s: number) => new Date(Date.UTC(2026, 10, 1, 10, 0, s));
const lifecycle: IngestEvent[] = [
  { id: "a", type: "job.queued", time: t(0), job: "j", data: { title: "queued title" } },
  {
    id: "b",
    type: "job.started",
    time: t(5),
    job: "j",
    agent: "scout",
    data: { harness: "codex", model: "gpt-5", title: "Fix" },
  },
  {
    id: "c",
    type: "job.usage",
    time: t(6),
    job: "j",
    data: { model: "gpt-5", input_tokens: 10, output_tokens: 5, cost_usd: 0.5 },
  },
  {
    id: "d",
    type: "job.usage",
    time: t(7),
    job: "j",
    data: { model: "gpt-5", input_tokens: 1, output_tokens: 2, cost_usd: 0.25 },
  },
  { id: "e", type: "job.failed", time: t(9), job: "j", data: { error: { message: "boom" } } },
];

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe("foldEvents", () => {
  it("gives the same job delta for every order of arrival", () => {
    const reference = foldEvents(lifecycle).jobs[0];
    expect(reference).toMatchObject({
      startedAt: t(5),
      queuedAt: t(0),
      firstEventAt: t(0),
      lastEventAt: t(9),
      eventCount: 5,
      inputTokens: 11,
      outputTokens: 7,
      reportedCostUsd: 0.75,
      agentName: "scout",
      terminal: { status: "failed", endedAt: t(9) },
      start: { harness: "codex", model: "gpt-5", title: "Fix" },
    });
    for (const order of permutations(lifecycle)) {
      expect(foldEvents(order).jobs[0]).toEqual(reference);
    }
  });

  it("lets the latest terminal event win, whatever the order", () => {
    const done: IngestEvent = { id: "x", type: "job.completed", time: t(20), job: "j", data: {} };
    const failed: IngestEvent = {
      id: "y",
      type: "job.failed",
      time: t(10),
      job: "j",
      data: { error: { message: "e" } },
    };
    expect(foldEvents([done, failed]).jobs[0]?.terminal?.status).toBe("succeeded");
    expect(foldEvents([failed, done]).jobs[0]?.terminal?.status).toBe("succeeded");
  });

  it("breaks ties between terminal events at the same instant by a fixed order", () => {
    const a = { status: "failed" as const, endedAt: t(1) };
    const b = { status: "succeeded" as const, endedAt: t(1) };
    expect(terminalWins(b, a)).toBe(true);
    expect(terminalWins(a, b)).toBe(false);
  });

  it("tracks agents with their latest heartbeat", () => {
    const { agents } = foldEvents([
      { id: "h2", type: "agent.heartbeat", time: t(30), agent: "scout", data: { status: "idle" } },
      { id: "h1", type: "agent.heartbeat", time: t(10), agent: "scout", data: { status: "busy", job: "j" } },
    ]);
    expect(agents).toEqual([
      {
        name: "scout",
        firstSeenAt: t(10),
        lastSeenAt: t(30),
        heartbeat: { at: t(30), status: "idle", host: null, version: null, job: null },
      },
    ]);
  });
});
