// A small fleet with known costs for the costs tests, on Monday 2 March 2026 (UTC), figures worked out by hand:
// A scout/claude-code/claude-sonnet-4-5 succeeded: $0.50 at 09:10 + $0.25 at 10:20
// B fixer/codex/gpt-5-codex failed: $1.00 at 09:40
// C fixer/codex/gpt-5-codex, a retry of B (trigger retry, retry_of label), succeeded: $0.40 at 11:05
// D scout/claude-code/mystery-model-x cancelled: one usage event without cost_usd and without a price at 11:35
export const DAY = "2026-03-02";
export const at = (hhmm: string) => new Date(`${DAY}T${hhmm}:00Z`).toISOString();

type Usage = { time: string; model: string; tokens: [number, number, number?, number?]; cost?: number };

function job(
  id: string,
  o: {
    agent: string;
    harness: string;
    model: string;
    start: string;
    end: [string, "job.completed" | "job.failed" | "job.cancelled"];
    usage: Usage[];
    trigger?: string;
    labels?: Record<string, string>;
  },
  prefix: string,
) {
  const ext = `${prefix}${id}`;
  return [
    {
      id: `${ext}-s`,
      type: "job.started",
      time: at(o.start),
      job: ext,
      agent: o.agent,
      data: {
        title: `Job ${id}`,
        harness: o.harness,
        model: o.model,
        ...(o.trigger ? { trigger: o.trigger } : {}),
        ...(o.labels ? { labels: o.labels } : {}),
      },
    },
    ...o.usage.map((u, i) => ({
      id: `${ext}-u${i}`,
      type: "job.usage",
      time: at(u.time),
      job: ext,
      data: {
        model: u.model,
        input_tokens: u.tokens[0],
        output_tokens: u.tokens[1],
        ...(u.tokens[2] ? { cache_read_tokens: u.tokens[2] } : {}),
        ...(u.tokens[3] ? { cache_write_tokens: u.tokens[3] } : {}),
        ...(u.cost !== undefined ? { cost_usd: u.cost } : {}),
      },
    })),
    {
      id: `${ext}-e`,
      type: o.end[1],
      time: at(o.end[0]),
      job: ext,
      data: o.end[1] === "job.failed" ? { error: { message: "tests failed" } } : {},
    },
  ];
}

export function costFleet(prefix = "") {
  const sonnet = "claude-sonnet-4-5";
  const codex = "gpt-5-codex";
  return [
    ...job(
      "A",
      {
        agent: "scout",
        harness: "claude-code",
        model: sonnet,
        start: "09:00",
        end: ["10:30", "job.completed"],
        usage: [
          { time: "09:10", model: sonnet, tokens: [1000, 200, 3000, 500], cost: 0.5 },
          { time: "10:20", model: sonnet, tokens: [100, 10], cost: 0.25 },
        ],
      },
      prefix,
    ),
    ...job(
      "B",
      {
        agent: "fixer",
        harness: "codex",
        model: codex,
        start: "09:30",
        end: ["09:50", "job.failed"],
        usage: [{ time: "09:40", model: codex, tokens: [400, 100], cost: 1 }],
      },
      prefix,
    ),
    ...job(
      "C",
      {
        agent: "fixer",
        harness: "codex",
        model: codex,
        start: "11:00",
        end: ["11:10", "job.completed"],
        trigger: "retry",
        labels: { attempt: "2", retry_of: `${prefix}B` },
        usage: [{ time: "11:05", model: codex, tokens: [200, 50], cost: 0.4 }],
      },
      prefix,
    ),
    ...job(
      "D",
      {
        agent: "scout",
        harness: "claude-code",
        model: "mystery-model-x",
        start: "11:30",
        end: ["11:40", "job.cancelled"],
        usage: [{ time: "11:35", model: "mystery-model-x", tokens: [10, 5] }],
      },
      prefix,
    ),
  ];
}
