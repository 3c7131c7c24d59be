// The rule editor's form state: a rule as strings for the inputs, and back to the API body. Pure.
import type { RuleView } from "./rule-schemas";

export type Draft = {
  id: string | null;
  name: string;
  failure_class: string;
  priority: string;
  error_type: string;
  code: string;
  exit_code: string;
  message_pattern: string;
  tool: string;
  harness: string;
  model: string;
  enabled: boolean;
};

export const EMPTY_DRAFT: Draft = {
  id: null,
  name: "",
  failure_class: "infra",
  priority: "",
  error_type: "",
  code: "",
  exit_code: "",
  message_pattern: "",
  tool: "",
  harness: "",
  model: "",
  enabled: true,
};

export const TEXT_FIELDS = [
  ["error_type", "Error type", "e.g. OOMKilled|MemoryError (* and | allowed)"],
  ["code", "Code", "e.g. 429 or ECONN*"],
  ["exit_code", "Exit code", "e.g. 137"],
  ["tool", "Tool", "e.g. bash"],
  ["harness", "Harness", "e.g. claude-code|codex"],
  ["model", "Model", "e.g. gpt-5*"],
] as const;

export function toDraft(r: RuleView): Draft {
  return {
    id: r.id,
    name: r.name,
    failure_class: r.failure_class,
    priority: String(r.priority),
    error_type: r.error_type ?? "",
    code: r.code ?? "",
    exit_code: r.exit_code === null ? "" : String(r.exit_code),
    message_pattern: r.message_pattern ?? "",
    tool: r.tool ?? "",
    harness: r.harness ?? "",
    model: r.model ?? "",
    enabled: r.enabled,
  };
}

export function toBody(d: Draft) {
  const text = (v: string) => (v.trim() === "" ? null : v);
  return {
    name: d.name,
    failure_class: d.failure_class,
    ...(d.priority.trim() === "" ? {} : { priority: Number(d.priority) }),
    error_type: text(d.error_type),
    code: text(d.code),
    exit_code: d.exit_code.trim() === "" ? null : Number(d.exit_code),
    message_pattern: text(d.message_pattern),
    tool: text(d.tool),
    harness: text(d.harness),
    model: text(d.model),
    enabled: d.enabled,
  };
}
