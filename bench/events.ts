// Synthetic but realistic job event streams for benchmarks: each job has a start, a user prompt, a few
// assistant turns with thinking, tool calls and results, usage, and an outcome (~24 events per job).
export function benchEvents(n: number, prefix = "b"): object[] {
  const out: object[] = [];
  const t0 = Date.now() - 3_600_000;
  for (let j = 0; out.length < n; j++) {
    const jobId = `${prefix}-job-${j}`;
    let t = t0 + j * 50;
    let seq = 0;
    const at = () => {
      t += 100;
      return new Date(t).toISOString();
    };
    const ev = (type: string, data: object, extra: object = {}) =>
      out.push({ id: `${jobId}-${seq}`, type, time: at(), job: jobId, seq: seq++, data, ...extra });
    ev(
      "job.started",
      {
        harness: "claude-code",
        harness_version: "2.1.88",
        model: "claude-sonnet-4-5",
        title: `Fix issue #${j}`,
      },
      { agent: `agent-${j % 50}` },
    );
    ev("job.message", {
      role: "user",
      text: `Please fix issue #${j}: the login form rejects valid emails with a plus sign.`,
    });
    for (let turn = 0; turn < 4; turn++) {
      ev("job.thinking", { text: "I should read the validator and its tests before changing anything." });
      ev("job.tool_call", {
        call_id: `c${turn}`,
        tool: "Read",
        input: { file_path: `src/auth/validate-${turn}.ts` },
      });
      ev("job.tool_result", {
        call_id: `c${turn}`,
        output: "export function isEmail(s: string) {\n  return /^[^@+]+@[^@]+$/.test(s);\n}\n".repeat(3),
        duration_ms: 14,
      });
      ev("job.usage", {
        model: "claude-sonnet-4-5",
        input_tokens: 1200,
        output_tokens: 340,
        cache_read_tokens: 18000,
        cost_usd: 0.0123,
      });
      ev("job.message", {
        role: "assistant",
        text: "The regex excludes '+'. I will allow it and add a test.",
      });
    }
    if (j % 5 === 0)
      ev("job.failed", {
        error: { type: "test_failure", message: "FAILED tests/auth.test.ts > accepts plus" },
      });
    else
      ev("job.completed", {
        summary: "Allowed '+' in emails; added a test.",
        artifacts: [{ kind: "pr", url: `https://example.com/pr/${j}` }],
      });
  }
  return out.slice(0, n);
}
