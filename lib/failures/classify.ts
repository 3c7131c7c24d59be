// Classify a failure with an ordered list of rules (rules.ts has the semantics): the first enabled rule whose
// conditions all match gives the class; no match gives "unknown". Never throws: a rule with a broken regular
// expression is skipped. Every pattern, built-in or a user's, runs on RE2 (lib/patterns/safe-regex): a rule
// can never stall ingest, preview or re-classification by backtracking.
import { cachedSafe, type SafeRegex } from "@/lib/patterns/safe-regex";
import { BUILTIN_RULES, hasCondition, MESSAGE_FLAGS, type Rule } from "./rules";
import type { FailureClass } from "./taxonomy";

export type FailureInput = {
  message: string;
  type?: string | null;
  code?: string | number | null;
  exitCode?: number | null;
  tool?: string | null;
  harness?: string | null;
  model?: string | null;
};

export type Classification = { failureClass: FailureClass; rule: string | null };

/** Messages longer than this are matched on their head and tail (failures are stated at either end). */
const MATCH_CHARS = 16_000;

/** The compiled message pattern (flags "im", RE2: linear time), or null when it does not compile. */
export function patternRegex(source: string): SafeRegex | null {
  return cachedSafe(source, MESSAGE_FLAGS);
}

const globSources = new Map<string, string>();

/** "a|b*": case-insensitive alternatives, "*" matching any run of characters (line breaks too). */
function globRegex(glob: string): SafeRegex | null {
  let source = globSources.get(glob);
  if (source === undefined) {
    const alts = glob
      .split("|")
      .map((a) => a.trim())
      .filter(Boolean)
      .map((a) => a.replace(/[.+?^${}()[\]\\]/g, "\\$&").replace(/\*/g, ".*"));
    source = `^(?:${alts.join("|")})$`;
    if (globSources.size >= 5000) globSources.clear();
    globSources.set(glob, source);
  }
  return cachedSafe(source, { ignoreCase: true, dotAll: true });
}

const given = (v: string | null | undefined): v is string => typeof v === "string" && v.trim() !== "";

function globMatches(glob: string | null | undefined, value: string | number | null | undefined): boolean {
  if (!given(glob)) return true;
  if (value === null || value === undefined) return false;
  const text = clip(String(value).trim());
  if (text === "") return false;
  return globRegex(glob)?.test(text) ?? false;
}

function clip(message: string): string {
  if (message.length <= MATCH_CHARS) return message;
  const half = MATCH_CHARS / 2;
  return `${message.slice(0, half)}\n${message.slice(-half)}`;
}

/** Does this rule match the failure? (Ignores enabled; a rule without any condition never matches.) */
export function ruleMatches(
  rule: Rule,
  input: FailureInput,
  message = clip(String(input.message ?? "")),
): boolean {
  if (!hasCondition(rule)) return false;
  if (rule.exitCode !== null && rule.exitCode !== undefined && rule.exitCode !== input.exitCode) return false;
  if (!globMatches(rule.errorType, input.type)) return false;
  if (!globMatches(rule.code, input.code)) return false;
  if (!globMatches(rule.tool, input.tool)) return false;
  if (!globMatches(rule.harness, input.harness)) return false;
  if (!globMatches(rule.model, input.model)) return false;
  if (given(rule.messagePattern)) {
    const re = patternRegex(rule.messagePattern);
    if (!re) return false;
    if (!re.test(message) && !(given(input.type) && re.test(clip(input.type)))) return false;
  }
  return true;
}

/** Rules in the order they are tried: ascending priority, then by name for equal priorities. */
export function orderRules(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}

const builtinOrder = orderRules(BUILTIN_RULES);

export function classify(input: FailureInput, rules?: Rule[]): Classification {
  const ordered = rules === undefined || rules === BUILTIN_RULES ? builtinOrder : orderRules(rules);
  const message = clip(String(input.message ?? ""));
  for (const rule of ordered) {
    if (rule.enabled === false) continue;
    if (ruleMatches(rule, input, message)) return { failureClass: rule.failureClass, rule: rule.name };
  }
  return { failureClass: "unknown", rule: null };
}
