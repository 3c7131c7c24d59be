// The failure taxonomy (DESIGN.md, "Failure taxonomy"): every failed job gets exactly one of these classes.
// "unknown" is what no rule matched: such failures are kept and grouped like the others, never dropped.

export const FAILURE_CLASSES = [
  "rate_limit",
  "provider_error",
  "auth",
  "context_overflow",
  "max_turns",
  "budget_exceeded",
  "timeout",
  "tool_error",
  "test_failure",
  "build_error",
  "git_error",
  "infra",
  "harness_crash",
  "refusal",
  "looping",
  "cancelled",
  "unknown",
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

export type FailureClassInfo = {
  label: string;
  description: string;
  /** Hex colour, mid lightness so it reads on light and dark backgrounds; distinct per class. */
  color: string;
};

export const FAILURE_CLASS_INFO: Record<FailureClass, FailureClassInfo> = {
  rate_limit: {
    label: "Rate limit",
    description:
      "The provider or plan throttled the run: 429s, tokens or requests per minute, usage windows.",
    color: "#f59e0b",
  },
  provider_error: {
    label: "Provider error",
    description: "The model provider failed: 5xx, overloaded, stream disconnected, API unreachable.",
    color: "#ef4444",
  },
  auth: {
    label: "Auth / billing",
    description:
      "Credentials or account: invalid or expired key, 401/403, no access, credits or quota used up.",
    color: "#ec4899",
  },
  context_overflow: {
    label: "Context overflow",
    description: "The prompt or conversation no longer fits the model's context window.",
    color: "#8b5cf6",
  },
  max_turns: {
    label: "Max turns",
    description: "The agent hit its turn, step or iteration limit before finishing.",
    color: "#6366f1",
  },
  budget_exceeded: {
    label: "Budget exceeded",
    description: "The job hit its cost or budget cap.",
    color: "#10b981",
  },
  timeout: {
    label: "Timeout",
    description: "The job, a command or a request ran past its time limit.",
    color: "#f97316",
  },
  tool_error: {
    label: "Tool error",
    description:
      "A tool call failed: edit did not apply, file missing, permission or sandbox denial, MCP error.",
    color: "#06b6d4",
  },
  test_failure: {
    label: "Test failure",
    description: "The test suite failed: pytest, go test, jest, vitest, cargo test and the like.",
    color: "#d946ef",
  },
  build_error: {
    label: "Build error",
    description: "Compile, type-check, lint, bundling or dependency install failed.",
    color: "#84cc16",
  },
  git_error: {
    label: "Git error",
    description:
      "A git operation failed: merge conflict, push rejected, remote auth or access, bad repository state.",
    color: "#0d9488",
  },
  infra: {
    label: "Infrastructure",
    description: "The machine or network: out of memory, disk full, process killed, connection reset, DNS.",
    color: "#64748b",
  },
  harness_crash: {
    label: "Harness crash",
    description: "The agent harness itself crashed: panic, segfault, unhandled exception, lost process.",
    color: "#e11d48",
  },
  refusal: {
    label: "Refusal",
    description: "The model declined the task or a safety filter blocked the response.",
    color: "#0ea5e9",
  },
  looping: {
    label: "Looping",
    description: "The agent repeated itself without progress and was stopped.",
    color: "#3b82f6",
  },
  cancelled: {
    label: "Cancelled",
    description: "A person or the system cancelled, interrupted or superseded the job.",
    color: "#a8a29e",
  },
  unknown: {
    label: "Unknown",
    description: "No rule matched. Add a rule to classify failures like this one.",
    color: "#71717a",
  },
};

export function isFailureClass(value: unknown): value is FailureClass {
  return typeof value === "string" && (FAILURE_CLASSES as readonly string[]).includes(value);
}
