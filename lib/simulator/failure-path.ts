// How each failure class plays out at the point of a job where it strikes: retries and backoff before a rate
// limit gives up, a tool failing repeatedly, a test run that keeps failing, a watchdog killing a hung run.
import { testFailure } from "./command-outputs";
import { cancelReason, type Failure, type FailureClass, makeFailure } from "./failures";
import type { JobBuilder } from "./job-builder";
import { say } from "./narrative";
import type { Tools } from "./tools";
import { testMs } from "./turns";

const WATCHDOG_MIN = [15, 20, 30, 45, 60, 90, 120];

/** Plays out the failure and emits its terminal event (job.failed, or job.cancelled). */
export function fail(b: JobBuilder, cls: FailureClass, tools: Tools, n: number): Failure {
  const { rng, plan } = b;
  const task = plan.task;
  if (cls === "cancelled") {
    b.advance(rng.int(1000, 120_000));
    b.log("info", "received cancel request; stopping harness");
    const f = makeFailure("cancelled", b.failureContext());
    b.emit("job.cancelled", { reason: cancelReason(rng, task) });
    return f;
  }
  switch (cls) {
    case "rate_limit":
    case "provider_error": {
      const status = cls === "rate_limit" ? 429 : plan.model.provider === "anthropic" ? 529 : 503;
      for (let a = 1; a <= rng.int(2, 5); a++) {
        const wait = Math.min(60, 2 ** a * rng.float(0.8, 1.6));
        b.log("warn", `API returned ${status}; retrying in ${wait.toFixed(1)}s (attempt ${a}/10)`);
        b.advance(wait * 1000);
      }
      break;
    }
    case "refusal": {
      const f = makeFailure(cls, b.failureContext());
      if (f.say) b.call({ text: f.say, outputMedian: 60 });
      else b.advance(plan.model.latencyS * 1000);
      b.log("error", f.error.message);
      b.emit("job.failed", { error: f.error, retryable: f.retryable });
      return f;
    }
    case "context_overflow": {
      const big = rng.pick([
        `cat logs/ci-run-${rng.int(1000, 9999)}.log`,
        "git diff origin/main -- .",
        `cat ${task.repo.lang === "ts" ? "package-lock.json" : "testdata/fixtures.json"}`,
      ]);
      b.call({ text: "Let me look at the full output." });
      b.tool(
        tools.bash(
          big,
          `[... ${rng.int(1, 9)}.${rng.int(1, 9)} MB of output truncated in this view ...]`,
          rng.int(200, 3000),
        ),
        plan.model.contextWindow + rng.int(1000, 60_000),
      );
      b.advance(plan.model.latencyS * 1000);
      break;
    }
    case "timeout": {
      b.call({ text: say(rng, "verify", task) });
      const elapsed = b.t - plan.startAt;
      const limit = (WATCHDOG_MIN.find((m) => m * 60_000 > elapsed + 180_000) ?? 180) * 60_000;
      b.tool(tools.bash(task.repo.test, "", 0), 0, { noResult: true });
      b.t = plan.startAt + limit;
      b.log("warn", `wall-clock limit of ${limit / 60_000}m reached; sending SIGTERM`);
      break;
    }
    case "tool_error": {
      const f = makeFailure(cls, b.failureContext());
      const err = f.say ?? "tool failed";
      const times = Number(/failed (\d+) times/.exec(f.error.message)?.[1] ?? 3);
      for (let k = 0; k < times; k++) {
        b.call({ text: k === 0 ? say(rng, "edit", task) : "That didn't apply; retrying with more context." });
        const use = err.includes("Request failed")
          ? tools.fetch(`https://docs.example.com/${task.func}`, "", err)
          : err.startsWith("MCP")
            ? {
                tool: "mcp__github__create_pull_request",
                input: {
                  owner: "acme",
                  repo: task.repo.name.split("/")[1],
                  head: task.branch,
                  base: "main",
                  title: task.title,
                },
                output: err,
                isError: true,
                durationMs: rng.int(100, 30000),
              }
            : tools.edit(task.file, err);
        b.tool(use);
      }
      b.log("error", f.error.message.split("\n")[0] ?? "");
      b.emit("job.failed", { error: f.error, retryable: f.retryable });
      return f;
    }
    case "test_failure":
    case "build_error":
    case "git_error": {
      const f = makeFailure(cls, b.failureContext());
      const c = f.command ?? { command: task.repo.test, output: f.error.message, exitCode: 1 };
      const attempts = cls === "git_error" ? 1 : rng.int(1, 3);
      for (let k = 0; k < attempts; k++) {
        if (k > 0) {
          b.call({ text: say(rng, "refix", task) });
          b.tool(tools.edit(task.file));
        }
        b.call({ text: cls === "git_error" ? say(rng, "ship", task) : say(rng, "verify", task) });
        b.tool(
          tools.bash(c.command, c.output, cls === "git_error" ? rng.int(400, 4000) : testMs(b), c.exitCode),
        );
      }
      b.call({
        text: `${cls === "git_error" ? "Git refused the operation" : cls === "test_failure" ? "Tests still fail" : "The build still fails"} after ${attempts} attempt${attempts > 1 ? "s" : ""}; stopping here so a human can take a look.`,
        outputMedian: 80,
      });
      b.log("error", `${c.command} exited with ${c.exitCode}`);
      b.emit("job.failed", { error: f.error, retryable: f.retryable });
      return f;
    }
    case "looping": {
      const f0 = testFailure(rng, task);
      for (let k = 0; k < rng.int(5, 8); k++) {
        b.call({ text: "Let me run the tests again to check the fix." });
        b.tool(tools.bash(f0.command, f0.output, testMs(b), f0.exitCode));
      }
      break;
    }
    case "infra":
    case "harness_crash":
      if (rng.chance(0.6)) {
        b.call({ text: say(rng, "verify", task) });
        b.tool(tools.bash(task.repo.test, "", 0), 0, { noResult: true });
        b.advance(rng.int(2000, 90_000));
      }
      break;
    default:
      break;
  }
  const f = makeFailure(cls, b.failureContext());
  if (cls === "max_turns")
    f.error.message = f.error.message.replace(/\d+/, String(plan.harness.name === "aider" ? 3 : n));
  for (const l of f.logs) b.log(l.level, l.message);
  if (cls !== "unknown" || rng.chance(0.5))
    b.log(cls === "harness_crash" ? "fatal" : "error", f.error.message.split("\n")[0]?.slice(0, 300) ?? "");
  b.emit("job.failed", { error: f.error, retryable: f.retryable });
  return f;
}
