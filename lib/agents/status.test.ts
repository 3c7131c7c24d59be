import { describe, expect, it } from "vitest";
import {
  type AgentFacts,
  attentionRank,
  compareByAttention,
  type DerivedStatus,
  deriveStatus,
  isFailing,
  type RunningJob,
} from "./status";

const NOW = new Date("2026-03-10T12:00:00Z");
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
// stall after 15 minutes, offline after 30
const T = { stallAfterSeconds: 900, offlineAfterSeconds: 1800 };

const job = (lastEventSecondsAgo: number, startedSecondsAgo = 3600): RunningJob => ({
  id: "3f0c9a56-0000-4000-8000-000000000001",
  externalId: "job-1",
  title: "Fix the login bug",
  startedAt: ago(startedSecondsAgo),
  lastEventAt: ago(lastEventSecondsAgo),
});

function facts(patch: Partial<AgentFacts> = {}): AgentFacts {
  return {
    heartbeat: null,
    heartbeatJobEnded: false,
    runningJob: null,
    lastActivityAt: ago(10),
    stalled: { jobs: 0, quietSince: null },
    today: { succeeded: 0, failed: 0 },
    ...patch,
  };
}

const status = (f: AgentFacts) => deriveStatus(f, T, NOW).status;

describe("deriveStatus", () => {
  it("idle: recent activity and no running job", () => {
    expect(status(facts({ heartbeat: { at: ago(20), status: "idle", job: null } }))).toBe("idle");
    expect(deriveStatus(facts(), T, NOW).currentJob).toBeNull();
  });

  it("running: a running job with a recent event, current job since its start", () => {
    const d = deriveStatus(facts({ runningJob: job(60, 1200), lastActivityAt: ago(60) }), T, NOW);
    expect(d.status).toBe("running");
    expect(d.currentJob).toEqual({
      id: "3f0c9a56-0000-4000-8000-000000000001",
      externalId: "job-1",
      title: "Fix the login bug",
      since: ago(1200),
      lastEventAt: ago(60),
    });
  });

  it("running: a busy heartbeat naming a job not seen yet", () => {
    const d = deriveStatus(
      facts({ heartbeat: { at: ago(30), status: "busy", job: "job-9" }, lastActivityAt: ago(30) }),
      T,
      NOW,
    );
    expect(d.status).toBe("running");
    expect(d.currentJob).toEqual({
      id: null,
      externalId: "job-9",
      title: null,
      since: ago(30),
      lastEventAt: null,
    });
  });

  it("idle: a busy heartbeat naming a job that has ended since", () => {
    expect(
      status(facts({ heartbeat: { at: ago(30), status: "busy", job: "job-9" }, heartbeatJobEnded: true })),
    ).toBe("idle");
    // busy without a job id: nothing to show as running
    expect(status(facts({ heartbeat: { at: ago(30), status: "busy", job: null } }))).toBe("idle");
  });

  it("a silent job does not make a living agent stalled: running, with 1 stalled job", () => {
    // heartbeats keep the agent online while its job has been silent for 901 s (> 900: stalled, says the query)
    const alive = { heartbeat: { at: ago(5), status: "busy", job: "job-1" }, lastActivityAt: ago(5) };
    const d = deriveStatus(
      facts({ ...alive, runningJob: job(901), stalled: { jobs: 1, quietSince: ago(901) } }),
      T,
      NOW,
    );
    expect(d.status).toBe("running");
    expect(d.stalledJobs).toBe(1);
    expect(d.quietMs).toBe(901_000);
    expect(d.currentJob?.externalId).toBe("job-1");
    expect(attentionRank(d)).toBe(0); // still what needs attention first
    // no stalled job: nothing quiet to report
    expect(deriveStatus(facts({ ...alive, runningJob: job(900) }), T, NOW)).toMatchObject({
      status: "running",
      stalledJobs: 0,
      quietMs: 0,
    });
  });

  it("waiting: the latest heartbeat says waiting, with or without a job", () => {
    expect(status(facts({ heartbeat: { at: ago(20), status: "waiting", job: null } }))).toBe("waiting");
    // a waiting agent's quiet job is expected: not stalled
    expect(
      status(
        facts({
          heartbeat: { at: ago(20), status: "waiting", job: "job-1" },
          runningJob: job(1000),
          lastActivityAt: ago(20),
        }),
      ),
    ).toBe("waiting");
    // a job event after the waiting heartbeat: the agent went back to work
    expect(
      status(
        facts({
          heartbeat: { at: ago(120), status: "waiting", job: "job-1" },
          runningJob: job(60),
          lastActivityAt: ago(60),
        }),
      ),
    ).toBe("running");
    // the same instant counts as still waiting
    expect(
      status(
        facts({
          heartbeat: { at: ago(60), status: "waiting", job: "job-1" },
          runningJob: job(60),
          lastActivityAt: ago(60),
        }),
      ),
    ).toBe("waiting");
  });

  it("offline: nothing for longer than offline_after_seconds (exclusive), whatever the last heartbeat said", () => {
    const hb = (s: number) => ({ at: ago(s), status: "waiting", job: null });
    expect(status(facts({ heartbeat: hb(1800), lastActivityAt: ago(1800) }))).toBe("waiting");
    const d = deriveStatus(facts({ heartbeat: hb(1801), lastActivityAt: ago(1801) }), T, NOW);
    expect(d).toMatchObject({ status: "offline", offlineWithJob: false, quietMs: 1_801_000 });
  });

  it("offline with a running job: the job was left running when the agent went silent", () => {
    const d = deriveStatus(facts({ runningJob: job(4000), lastActivityAt: ago(4000) }), T, NOW);
    expect(d).toMatchObject({ status: "offline", offlineWithJob: true });
    expect(d.currentJob?.externalId).toBe("job-1");
  });

  it("between the stall and the offline threshold with no heartbeat: running, its job stalled", () => {
    const d = deriveStatus(
      facts({
        runningJob: job(1000),
        lastActivityAt: ago(1000),
        stalled: { jobs: 1, quietSince: ago(1000) },
      }),
      T,
      NOW,
    );
    expect(d).toMatchObject({ status: "running", stalledJobs: 1, quietMs: 1_000_000 });
  });
});

describe("failing a lot today", () => {
  it("needs 3 failures and at least half of the ended jobs", () => {
    expect(isFailing({ succeeded: 0, failed: 2 })).toBe(false);
    expect(isFailing({ succeeded: 3, failed: 3 })).toBe(true);
    expect(isFailing({ succeeded: 4, failed: 3 })).toBe(false);
    expect(deriveStatus(facts({ today: { succeeded: 1, failed: 5 } }), T, NOW).failing).toBe(true);
  });
});

describe("attention order", () => {
  const d = (patch: Partial<DerivedStatus>): DerivedStatus => ({
    status: "idle",
    currentJob: null,
    offlineWithJob: false,
    failing: false,
    stalledJobs: 0,
    quietMs: 0,
    ...patch,
  });

  it("ranks alive with a stalled job, offline with a job, waiting, failing, running, idle, offline", () => {
    expect(
      [
        d({ status: "offline" }),
        d({ status: "idle" }),
        d({ status: "running" }),
        d({ status: "idle", failing: true }),
        d({ status: "waiting", failing: true }),
        d({ status: "offline", offlineWithJob: true }),
        d({ status: "running", stalledJobs: 1 }),
      ].map(attentionRank),
    ).toEqual([6, 5, 4, 3, 2, 1, 0]);
    // an offline agent that failed a lot is still offline
    expect(attentionRank(d({ status: "offline", failing: true }))).toBe(6);
    // a waiting agent's quiet job is expected: it ranks as waiting; an idle agent with a stalled job first
    expect(attentionRank(d({ status: "waiting", stalledJobs: 1 }))).toBe(2);
    expect(attentionRank(d({ status: "idle", stalledJobs: 2 }))).toBe(0);
  });

  it("sorts the longest silent first among agents with stalled jobs, and by name otherwise", () => {
    const agents = [
      { name: "b-idle", derived: d({}) },
      { name: "a-idle", derived: d({}) },
      { name: "short", derived: d({ status: "running", stalledJobs: 1, quietMs: 1_000_000 }) },
      { name: "long", derived: d({ status: "running", stalledJobs: 3, quietMs: 5_000_000 }) },
      { name: "busy", derived: d({ status: "running" }) },
      { name: "gone", derived: d({ status: "offline", quietMs: 9_000_000 }) },
    ];
    expect(agents.sort(compareByAttention).map((a) => a.name)).toEqual([
      "long",
      "short",
      "busy",
      "a-idle",
      "b-idle",
      "gone",
    ]);
  });
});
