// Runs for the runs-list and pipelines tests: two runs of one review pipeline (one with a retry, one sent back
// and failing), a cron fan-out still running, and an orphan child. Times in minutes before NOW. Plain data, so
// the Playwright spec uses it too (tests/helpers/runs-fixture.ts ingests it for the integration tests).

export const NOW = new Date(Date.UTC(2026, 10, 20, 12));

export type Spec = {
  job: string;
  start: number;
  end?: number;
  outcome?: "ok" | "rate_limit" | "tests" | "cancel";
  cost?: number;
  data?: Record<string, unknown>;
};

/** The events of one job; times are minutes before `now`. */
export function eventsOf(s: Spec, now: Date = NOW): object[] {
  const at = (min: number) => new Date(now.getTime() - min * 60_000).toISOString();
  const ev: object[] = [
    {
      id: `${s.job}:s`,
      type: "job.started",
      time: at(s.start),
      job: s.job,
      agent: "writer",
      data: { harness: "codex", model: "gpt-5", ...s.data },
    },
  ];
  if (s.cost !== undefined)
    ev.push({
      id: `${s.job}:u`,
      type: "job.usage",
      time: at(s.start - 0.5),
      job: s.job,
      data: { model: "gpt-5", input_tokens: 1000, output_tokens: 100, cost_usd: s.cost },
    });
  if (s.end === undefined) return ev;
  const end = { id: `${s.job}:e`, time: at(s.end), job: s.job };
  if (s.outcome === "rate_limit")
    ev.push({
      ...end,
      type: "job.failed",
      data: { error: { type: "rate_limit_error", message: "Rate limited" } },
    });
  else if (s.outcome === "tests")
    ev.push({ ...end, type: "job.failed", data: { error: { message: "Tests:  2 failed, 10 passed" } } });
  else if (s.outcome === "cancel") ev.push({ ...end, type: "job.cancelled", data: {} });
  else ev.push({ ...end, type: "job.completed", data: {} });
  return ev;
}

/** Run A: write → review:gpt-5 + review:gemini (failed, retried) → fix. Succeeds; costs 0.19. */
export const RUN_A: Spec[] = [
  { job: "A", start: 120, end: 100, cost: 0.1, data: { step: "write" } },
  { job: "A-r1", start: 99, end: 95, cost: 0.02, data: { step: "review:gpt-5", parent_job: "A" } },
  {
    job: "A-r2",
    start: 98,
    end: 96,
    cost: 0.01,
    outcome: "rate_limit",
    data: { step: "review:gemini", parent_job: "A" },
  },
  {
    job: "A-r2b",
    start: 94,
    end: 92,
    cost: 0.01,
    data: { step: "review:gemini", parent_job: "A", retry_of: "A-r2" },
  },
  { job: "A-fix", start: 90, end: 80, cost: 0.05, data: { step: "fix", root_job: "A" } },
];

/** Run B: the same steps, then review:gpt-5 sends fix back and the second fix fails its tests. Costs 0.32. */
export const RUN_B: Spec[] = [
  { job: "B", start: 60, end: 55, cost: 0.2, data: { step: "write" } },
  { job: "B-r1", start: 54, end: 53, cost: 0.02, data: { step: "review:gpt-5", parent_job: "B" } },
  { job: "B-r2", start: 53.5, end: 52, cost: 0.01, data: { step: "review:gemini", parent_job: "B" } },
  { job: "B-f1", start: 50, end: 45, cost: 0.04, data: { step: "fix", parent_job: "B" } },
  { job: "B-r3", start: 44, end: 43, cost: 0.02, data: { step: "review:gpt-5", parent_job: "B-f1" } },
  {
    job: "B-f2",
    start: 42,
    end: 40,
    cost: 0.03,
    outcome: "tests",
    data: { step: "fix", parent_job: "B-r3" },
  },
];

/** Run C: a cron fan-out, one child still running. No steps: no pipeline. */
export const RUN_C: Spec[] = [
  {
    job: "C",
    start: 30,
    cost: 0.5,
    data: {
      trigger: { kind: "cron", name: "nightly-deps", schedule: "0 2 * * *", tz: "UTC" },
    },
  },
  { job: "C-1", start: 29, data: { parent_job: "C" } },
  { job: "C-2", start: 29, end: 20, cost: 0.25, data: { parent_job: "C" } },
  { job: "C-3", start: 28, end: 21, outcome: "cancel", data: { parent_job: "C" } },
];

/** A child whose parent never reported: part of no listed run. */
export const ORPHAN: Spec[] = [{ job: "D-child", start: 10, end: 5, data: { parent_job: "D-missing" } }];
