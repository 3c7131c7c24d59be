// The error each failure class reports, per harness and tool, with the ids, numbers and paths that vary from
// one occurrence to the next (so the console's fingerprinting has something real to normalise).
import { buildFailure, gitFailure, testFailure } from "./command-outputs";
import type { ErrorSpec, FailureClass, FailureContext } from "./failures";
import { auth, contextOverflow, providerError, rateLimit, refusal } from "./provider-errors";

const SHELL_TOOL = {
  "claude-code": "Bash",
  codex: "shell",
  aider: "run",
  opencode: "bash",
  looper: "run_shell",
};

function maxTurns(c: FailureContext): ErrorSpec {
  const n = c.turns;
  const message = {
    "claude-code": `Reached maximum number of turns (${n})`,
    codex: `Agent stopped: turn limit of ${n} reached before the task was complete`,
    aider: `Only ${n} reflections allowed, stopping.`,
    opencode: `Session aborted: max steps (${n}) exceeded`,
    looper: `MaxIterationsExceeded: max iterations (${n}) reached without completing task`,
  }[c.harness.name];
  return { error: { type: c.harness.name === "claude-code" ? "error_max_turns" : "max_turns", message } };
}

function budget(c: FailureContext): ErrorSpec {
  const limits = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50];
  const limit = [...limits].reverse().find((l) => l < c.costUsd) ?? 0.05;
  const spent = Math.max(c.costUsd, limit + 0.01);
  if (c.harness.name === "claude-code")
    return {
      error: { type: "error_max_budget_usd", message: `Reached maximum budget ($${limit.toFixed(2)})` },
    };
  if (c.harness.name === "looper")
    return {
      error: {
        type: "BudgetExceeded",
        message: `BudgetExceeded: cost $${spent.toFixed(4)} > max_cost_usd ${limit.toFixed(2)}`,
      },
    };
  return {
    error: {
      type: "budget_exceeded",
      message: `Budget exceeded: job ${c.jobId} spent $${spent.toFixed(2)} of its $${limit.toFixed(2)} limit`,
    },
  };
}

function timeout(c: FailureContext): ErrorSpec {
  const { rng } = c;
  const mins = Math.ceil(c.elapsedMs / 60_000);
  return rng.weighted([
    [
      {
        error: {
          type: "timeout",
          exit_code: 124,
          message: `Job exceeded wall-clock limit of ${mins}m0s; sent SIGTERM`,
        },
      },
      4,
    ],
    [
      {
        error: {
          type: "DeadlineExceeded",
          message: `job ${c.jobId}: context deadline exceeded after ${mins}m${rng.int(0, 59)}s`,
        },
      },
      2,
    ],
    [{ error: { type: "APIConnectionTimeoutError", message: "Request timed out." }, phase: "mid" }, 1],
    [
      {
        error: {
          type: "timeout",
          exit_code: 143,
          message: `Command timed out after ${rng.pick([2, 5, 10])}m 0.0s: ${c.task.repo.test}`,
        },
      },
      2,
    ],
  ] as const) as ErrorSpec;
}

const EDIT_ERROR: Record<string, (c: FailureContext) => string> = {
  "claude-code": (c) =>
    c.rng.pick([
      `<tool_use_error>String to replace not found in file.\nString:     return ${c.task.func}(ctx, id)</tool_use_error>`,
      "<tool_use_error>Found 3 matches of the string to replace, but replace_all is false. To replace all occurrences, set replace_all to true. To replace only one occurrence, please provide more context to uniquely identify the instance.</tool_use_error>",
      "<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>",
    ]),
  codex: (c) =>
    `apply_patch verification failed: Failed to find expected lines in ${c.task.file}:\n    return ${c.task.func}(ctx, id)`,
  aider: (c) =>
    `SearchReplaceNoExactMatch: The SEARCH section must exactly match an existing block of lines including all white space, comments, indentation, docstrings, etc\n${c.task.file}`,
  opencode: () => "Error: oldString not found in content or was found multiple times",
  looper: (c) =>
    `PatchError: hunk #1 FAILED at ${c.rng.int(20, 400)} (${c.task.file}); 1 out of 1 hunk FAILED`,
};

function toolError(c: FailureContext): ErrorSpec {
  const { rng, task } = c;
  const ws = `/workspace/${task.repo.name.split("/")[1]}`;
  const message = rng.weighted<string>([
    [EDIT_ERROR[c.harness.name]?.(c) ?? "edit failed", 5],
    [`Error: ENOENT: no such file or directory, open '${ws}/${task.file.replace(/\.(\w+)$/, ".old.$1")}'`, 1],
    [
      `MCP error -32603: Internal error: connection to server "github" closed (pid ${rng.int(1000, 65000)})`,
      1,
    ],
    [
      `Request failed with status code ${rng.pick([403, 404, 451])} for https://${rng.pick(["docs.stripe.com", "pkg.go.dev", "www.npmjs.com"])}/`,
      1,
    ],
  ]);
  return {
    error: { type: "tool_error", message: `Tool call failed ${rng.int(2, 4)} times in a row: ${message}` },
    say: message,
  };
}

function fromCommand(kind: "test" | "build" | "git") {
  return (c: FailureContext): ErrorSpec => {
    const r =
      kind === "test"
        ? testFailure(c.rng, c.task)
        : kind === "build"
          ? buildFailure(c.rng, c.task)
          : gitFailure(c.rng, c.task);
    return {
      error: {
        type: { test: "TestFailure", build: "BuildError", git: "GitError" }[kind],
        message: r.headline,
        exit_code: r.exitCode,
        stack: r.output,
      },
      command: { command: r.command, output: r.output, exitCode: r.exitCode },
    };
  };
}

function infra(c: FailureContext): ErrorSpec {
  const { rng } = c;
  const pid = rng.int(2000, 90000);
  return rng.weighted([
    [
      {
        error: { type: "OOMKilled", exit_code: 137, message: "Killed" },
        logs: [
          {
            level: "error",
            message: `Memory cgroup out of memory: Killed process ${pid} (node) total-vm:${rng.int(8, 20)}482112kB, anon-rss:${rng.int(3, 7)}913404kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(10, 30)}468kB oom_score_adj:0`,
          },
        ],
      },
      4,
    ],
    [
      { error: { type: "Error", code: "ENOSPC", message: "Error: ENOSPC: no space left on device, write" } },
      3,
    ],
    [
      {
        error: {
          type: "OSError",
          message: `OSError: [Errno 28] No space left on device: '/tmp/pip-unpack-${rng.alnum(8).toLowerCase()}'`,
        },
      },
      1,
    ],
    [{ error: { type: "Error", code: "EAI_AGAIN", message: "getaddrinfo EAI_AGAIN registry.npmjs.org" } }, 2],
    [
      {
        error: {
          type: "Error",
          code: "ECONNREFUSED",
          message: `connect ECONNREFUSED 10.0.${rng.int(0, 9)}.${rng.int(2, 250)}:5432`,
        },
      },
      2,
    ],
    [
      {
        error: {
          type: "Evicted",
          message: `The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: ${rng.int(2, 9)}${rng.int(100, 999)}Mi. Container runner was using ${rng.int(12, 30)}Gi, request is 0.`,
        },
      },
      1,
    ],
  ] as const) as ErrorSpec;
}

function harnessCrash(c: FailureContext): ErrorSpec {
  const { rng, version } = c;
  const fixed = c.badRollout; // a bad release crashes the same way every time
  const line = fixed ? 2291 : rng.int(200, 4000);
  switch (c.harness.name) {
    case "claude-code":
      return rng.chance(fixed ? 1 : 0.7)
        ? {
            error: {
              type: "TypeError",
              exit_code: 1,
              message: `TypeError: Cannot read properties of undefined (reading '${fixed ? "content" : rng.pick(["content", "map", "length", "tool_use_id"])}')`,
              stack: `TypeError: Cannot read properties of undefined (reading 'content')\n    at file:///usr/local/lib/node_modules/@anthropic-ai/claude-code/cli.js:${line}:${rng.int(1000, 40000)}\n    at async Promise.all (index 0)`,
            },
          }
        : {
            error: {
              type: "FatalError",
              exit_code: 134,
              message: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
            },
          };
    case "codex":
      return {
        error: {
          type: "panic",
          exit_code: 101,
          message: `thread 'main' panicked at codex-rs/core/src/${fixed ? "codex.rs" : rng.pick(["codex.rs", "exec.rs", "conversation_history.rs"])}:${line}:${fixed ? 41 : rng.int(5, 80)}:\ncalled \`Option::unwrap()\` on a \`None\` value`,
          stack: "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
        },
      };
    case "aider":
      return {
        error: {
          type: "AttributeError",
          exit_code: 1,
          message: "AttributeError: 'NoneType' object has no attribute 'strip'",
          stack: `Traceback (most recent call last):\n  File "/usr/local/lib/python3.12/site-packages/aider/coders/base_coder.py", line ${line}, in send_message\n    content = self.partial_response_content.strip()\nAttributeError: 'NoneType' object has no attribute 'strip'`,
        },
      };
    case "opencode":
      return {
        error: {
          type: "panic",
          exit_code: 2,
          message: "panic: runtime error: invalid memory address or nil pointer dereference",
          stack: `[signal SIGSEGV: segmentation violation code=0x1 addr=0x${rng.hex(2)} pc=0x${rng.hex(7)}]\n\ngoroutine ${rng.int(1, 300)} [running]:\ngithub.com/sst/opencode/internal/session.(*Manager).Step(...)\n\t/build/internal/session/manager.go:${line}`,
        },
      };
    case "looper":
      return rng.chance(0.5)
        ? { error: { type: "SIGSEGV", exit_code: 139, message: "Segmentation fault (core dumped)" } }
        : {
            error: {
              type: "StateCorrupted",
              exit_code: 1,
              message: `looper.errors.StateCorrupted: checkpoint /var/lib/looper/state/${c.jobId}.json truncated at byte ${rng.int(1000, 90000)} (looper ${version})`,
            },
          };
  }
}

function looping(c: FailureContext): ErrorSpec {
  const { rng, task } = c;
  const n = rng.int(5, 9);
  const message = rng.pick([
    `Loop detected: the last ${n} tool calls were identical (${SHELL_TOOL[c.harness.name]}: ${task.repo.test})`,
    `No progress in ${n + 4} turns (workspace diff unchanged at ${rng.hex(7)}); aborting`,
    `Stopping: repeated identical tool call detected ${n} times`,
    "The LLM did not conform to the edit format. Gave up after 3 reflections.",
  ]);
  return { error: { type: "looping", message }, say: `Let me run the tests again to check the fix.` };
}

function unknown(c: FailureContext): ErrorSpec {
  const { rng } = c;
  return rng.pick<ErrorSpec>([
    { error: { message: "Process exited with code 1", exit_code: 1 } },
    { error: { message: "exit status 255", exit_code: 255 } },
    { error: { type: "Error", message: "unexpected EOF" } },
    {
      error: {
        message: `no result was reported for this job (runner pid ${rng.int(1000, 60000)})`,
      },
    },
    { error: { type: "Error", message: "Error: undefined" } },
  ]);
}

export const outputs: Record<FailureClass, (c: FailureContext) => ErrorSpec> = {
  rate_limit: rateLimit,
  provider_error: providerError,
  auth,
  context_overflow: contextOverflow,
  max_turns: maxTurns,
  budget_exceeded: budget,
  timeout,
  tool_error: toolError,
  test_failure: fromCommand("test"),
  build_error: fromCommand("build"),
  git_error: fromCommand("git"),
  infra,
  harness_crash: harnessCrash,
  refusal,
  looping,
  cancelled: () => ({ error: { message: "cancelled" } }),
  unknown,
};
