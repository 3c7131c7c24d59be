// Failing jobs for the failures tests: a start and a job.failed with `message`, minutes after a fixed base.
let n = 0;
/** The time failing jobs are counted from (three days ago). */
export const FAILURES_BASE = Date.now() - 3 * 86_400_000;

/** A job of a distinct agent that starts and fails with `message` `minutesIn` minutes after three days ago. */
export function failingJob(message: string, minutesIn: number, extra: Record<string, unknown> = {}) {
  n += 1;
  const id = `f-${n}`;
  const t = (m: number) => new Date(FAILURES_BASE + m * 60_000).toISOString();
  return [
    {
      id: `${id}-s`,
      type: "job.started",
      time: t(minutesIn - 1),
      job: id,
      agent: `agent-${n}`,
      data: { title: `Task ${n}`, harness: "codex", model: "gpt-5-codex" },
    },
    {
      id: `${id}-f`,
      type: "job.failed",
      time: t(minutesIn),
      job: id,
      data: { error: { message, ...extra } },
    },
  ];
}

/** Anthropic's 429 as Claude Code logs it; `reqId` varies per request (the fingerprint must not). */
export const RATE_LIMIT_ERROR = (reqId: string) =>
  `429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"},"request_id":"${reqId}"}`;
