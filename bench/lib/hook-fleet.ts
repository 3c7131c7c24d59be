// A fleet of agents firing hooks: each call to next() is the next single event one of `agents` agents sends,
// round robin, so consecutive requests belong to different jobs (as many agents' hooks would) and each job's
// events arrive in order. A job is what a Claude Code session's hooks report: job.started, the user's prompt,
// four tool calls each with its result and a usage report, the assistant's answer, then job.completed (one job
// in five ends in job.failed): 16 events. Times are now, ids unique per run (`prefix`).
const STEPS = 16;

export function hookEvent(prefix: string, agentIndex: number, jobIndex: number, step: number) {
  const jobId = `${prefix}-a${agentIndex}-j${jobIndex}`;
  const base = { id: `${jobId}-${step}`, time: new Date().toISOString(), job: jobId, seq: step };
  if (step === 0)
    return {
      ...base,
      type: "job.started",
      agent: `${prefix}-agent-${agentIndex}`,
      data: {
        harness: "claude-code",
        harness_version: "2.1.88",
        model: "claude-sonnet-4-5",
        title: `Fix issue #${jobIndex} of agent ${agentIndex}`,
        repo: "https://example.com/acme/app",
        branch: "main",
      },
    };
  if (step === 1)
    return {
      ...base,
      type: "job.message",
      data: {
        role: "user",
        text: `Please fix issue #${jobIndex}: the login form rejects emails with a plus.`,
      },
    };
  if (step === STEPS - 2)
    return {
      ...base,
      type: "job.message",
      data: { role: "assistant", text: "The regex excluded '+'. I allowed it and added a test." },
    };
  if (step === STEPS - 1)
    return jobIndex % 5 === 4
      ? {
          ...base,
          type: "job.failed",
          data: { error: { type: "test_failure", message: "FAILED tests/auth.test.ts > accepts plus" } },
        }
      : {
          ...base,
          type: "job.completed",
          data: {
            summary: "Allowed '+' in emails; added a test.",
            artifacts: [{ kind: "pr", url: "https://example.com/pr/1" }],
          },
        };
  const turn = Math.floor((step - 2) / 3);
  const callId = `toolu_${jobIndex}_${turn}`;
  switch ((step - 2) % 3) {
    case 0:
      return {
        ...base,
        type: "job.tool_call",
        data: {
          call_id: callId,
          tool: turn % 2 ? "Bash" : "Read",
          input: { file_path: `src/auth/validate-${turn}.ts` },
        },
      };
    case 1:
      return {
        ...base,
        type: "job.tool_result",
        data: {
          call_id: callId,
          output: "export function isEmail(s: string) {\n  return /^[^@+]+@[^@]+$/.test(s);\n}\n".repeat(3),
          duration_ms: 14,
        },
      };
    default:
      return {
        ...base,
        type: "job.usage",
        data: {
          model: "claude-sonnet-4-5",
          input_tokens: 1200,
          output_tokens: 340,
          cache_read_tokens: 18000,
          cost_usd: 0.0123,
        },
      };
  }
}

export class HookFleet {
  private readonly state: { job: number; step: number }[];
  private turn = 0;
  constructor(
    readonly prefix: string,
    readonly agents: number,
  ) {
    this.state = Array.from({ length: agents }, () => ({ job: 0, step: 0 }));
  }

  /** The next event, as a JSON body for POST /api/v1/events. */
  next(): { body: string; type: string } {
    const a = this.turn++ % this.agents;
    const s = this.state[a] as { job: number; step: number };
    const e = hookEvent(this.prefix, a, s.job, s.step);
    s.step++;
    if (s.step === STEPS) {
      s.step = 0;
      s.job++;
    }
    return { body: JSON.stringify({ events: [e] }), type: e.type };
  }
}
