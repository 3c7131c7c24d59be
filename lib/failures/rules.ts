// Classification rules: each names a failure class and a set of conditions; a rule matches a failure when all
// of its given conditions match, rules are tried in ascending priority, the first match wins and what no rule
// matches is "unknown". The built-in rules live in builtin-rules.ts; users add their own in the database,
// between the built-ins (whose priorities are spaced by 10) or instead of them.
//
// Conditions (all case-insensitive):
//   errorType, code, tool, harness, model: equality with the failure's value, where "*" matches any run of
//     characters and "a|b" means either; a rule with such a condition never matches a failure without that
//     value (so tool: "*" means "the failure came from a tool call"). code compares String(code).
//   exitCode: equality.
//   messagePattern: a regular expression (RE2 syntax, which is JavaScript's without backreferences and
//     lookahead; tested with flags "im": ^ and $ match at line breaks) searched in the message, or failing
//     that in the error type. It runs on RE2 (lib/patterns/safe-regex), in time linear in the message.
import { type PatternFlags, patternProblem } from "@/lib/patterns/safe-regex";
import { BUILTIN_RULE_LIST } from "./builtin-rules";
import { FAILURE_CLASSES, type FailureClass } from "./taxonomy";

export type Rule = {
  name: string;
  failureClass: FailureClass;
  priority: number;
  errorType?: string | null;
  code?: string | null;
  exitCode?: number | null;
  /** Regular expression source, matched case-insensitively (and multiline) against the message. */
  messagePattern?: string | null;
  tool?: string | null;
  harness?: string | null;
  model?: string | null;
  enabled?: boolean;
};

/** A rule before it gets its place in the list. */
export type RuleSpec = Omit<Rule, "priority">;

export const PRIORITY_STEP = 10;

/** The built-in rules, in the order they are tried: priorities 10, 20, 30, ... */
export const BUILTIN_RULES: Rule[] = BUILTIN_RULE_LIST.map((rule, i) => ({
  ...rule,
  priority: (i + 1) * PRIORITY_STEP,
}));

export const MAX_PATTERN_LENGTH = 2000;

/** How message patterns are matched: case-insensitive, ^ and $ at line breaks. */
export const MESSAGE_FLAGS: PatternFlags = { ignoreCase: true, multiline: true };

const TEXT_CONDITIONS = ["errorType", "code", "tool", "harness", "model"] as const;

const present = (v: string | null | undefined): v is string => typeof v === "string" && v.trim() !== "";

/** True when the rule has at least one condition (an empty string is no condition). */
export function hasCondition(rule: Rule): boolean {
  return (
    TEXT_CONDITIONS.some((k) => present(rule[k])) ||
    present(rule.messagePattern) ||
    (rule.exitCode !== null && rule.exitCode !== undefined)
  );
}

/** null when the rule can be used, else what is wrong with it. */
export function validateRule(rule: Rule): string | null {
  if (!rule || typeof rule !== "object") return "Rule must be an object";
  if (typeof rule.name !== "string" || rule.name.trim() === "") return "Rule needs a name";
  if (rule.name.length > 200) return "Rule name is too long (200 characters at most)";
  if (!(FAILURE_CLASSES as readonly string[]).includes(rule.failureClass))
    return `Unknown failure class "${String(rule.failureClass)}"`;
  if (typeof rule.priority !== "number" || !Number.isInteger(rule.priority))
    return "Priority must be an integer";
  for (const k of TEXT_CONDITIONS) {
    const v = rule[k];
    if (v !== null && v !== undefined && typeof v !== "string") return `${k} must be a string`;
    if (typeof v === "string" && v.length > 500) return `${k} is too long (500 characters at most)`;
  }
  if (rule.exitCode !== null && rule.exitCode !== undefined && !Number.isInteger(rule.exitCode))
    return "Exit code must be an integer";
  if (rule.messagePattern !== null && rule.messagePattern !== undefined) {
    if (typeof rule.messagePattern !== "string") return "Message pattern must be a string";
    if (rule.messagePattern.length > MAX_PATTERN_LENGTH)
      return `Message pattern is too long (${MAX_PATTERN_LENGTH} characters at most)`;
    const problem = present(rule.messagePattern) ? patternProblem(rule.messagePattern, MESSAGE_FLAGS) : null;
    if (problem) return `Invalid message pattern: ${problem}`;
  }
  if (!hasCondition(rule))
    return "Rule needs at least one condition (error type, code, exit code, message, tool, harness or model)";
  return null;
}
