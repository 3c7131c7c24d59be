// The messages of a GenAI span, from whichever form its instrumentation used: the current conventions'
// gen_ai.input.messages / gen_ai.output.messages / gen_ai.system_instructions (JSON strings or structured
// values, on the span or on a gen_ai.client.inference.operation.details event), the older per-message span
// events (gen_ai.user.message, gen_ai.system.message, gen_ai.choice), and the flattened
// gen_ai.prompt.<n>.content / gen_ai.completion.<n>.content attributes some instrumentations write.
import type { Attributes, AttrValue, Span } from "./decode";
import { maybeJson } from "./util";

export type Role = "user" | "assistant" | "system";
export type GenAiMessage = { role: Role; text: string };

const ROLES: Record<string, Role> = {
  user: "user",
  human: "user",
  assistant: "assistant",
  model: "assistant",
  ai: "assistant",
  system: "system",
  developer: "system",
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Text parts of a message's content: a string, `parts` of the GenAI conventions, or text blocks. */
function textOf(m: Obj): string | null {
  const pieces: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === "string") pieces.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isObj(v)) {
      const type = typeof v.type === "string" ? v.type : "text";
      if (type !== "text" && type !== "output_text" && type !== "input_text") return; // tool calls, reasoning, media
      if (typeof v.content === "string") pieces.push(v.content);
      else if (typeof v.text === "string") pieces.push(v.text);
    }
  };
  visit(m.parts ?? m.content ?? m.text);
  const text = pieces.join("\n").trim();
  return text === "" ? null : text;
}

function toMessages(value: unknown, defaultRole: Role): GenAiMessage[] {
  const parsed = maybeJson(value as AttrValue);
  const list = Array.isArray(parsed) ? parsed : parsed === undefined ? [] : [parsed];
  const out: GenAiMessage[] = [];
  for (const raw of list) {
    const item = typeof raw === "string" ? maybeJson(raw) : raw; // a message may itself be a JSON string
    if (typeof item === "string") {
      if (item.trim()) out.push({ role: defaultRole, text: item });
      continue;
    }
    if (!isObj(item)) continue;
    const message = isObj(item.message) ? item.message : item; // gen_ai.choice: {index, message: {...}}
    const role = typeof message.role === "string" ? ROLES[message.role.toLowerCase()] : defaultRole;
    const text = textOf(message);
    if (role && text) out.push({ role, text });
  }
  return out;
}

/** Flattened gen_ai.<prefix>.<n>.role / .content attributes, in index order. */
function flattened(attrs: Attributes, prefix: string, defaultRole: Role): GenAiMessage[] {
  const byIndex = new Map<number, { role?: string; content?: string }>();
  for (const [key, value] of Object.entries(attrs)) {
    const m = new RegExp(`^gen_ai\\.${prefix}\\.(\\d+)\\.(role|content)$`).exec(key);
    if (!m || typeof value !== "string") continue;
    const entry = byIndex.get(Number(m[1])) ?? {};
    entry[m[2] as "role" | "content"] = value;
    byIndex.set(Number(m[1]), entry);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, e]) => toMessages([{ role: e.role ?? defaultRole, content: e.content }], defaultRole));
}

const DETAILS_EVENT = "gen_ai.client.inference.operation.details";

/**
 * The span's input: system instructions, then the conversation so far. `position` identifies a message within
 * the conversation ("system:<i>" or "<i>"), the same in every call of one conversation.
 */
export function inputMessages(span: Span): (GenAiMessage & { position: string })[] {
  const a = span.attributes;
  const details = span.events.filter((e) => e.name === DETAILS_EVENT).map((e) => e.attributes);
  const sources = [a, ...details];
  const system = sources
    .flatMap((s) => toMessages(s["gen_ai.system_instructions"], "system"))
    .map((m, i) => ({ ...m, role: "system" as const, position: `system:${i}` }));
  let messages = sources.flatMap((s) => toMessages(s["gen_ai.input.messages"], "user"));
  if (!messages.length) {
    messages = span.events.flatMap((e) => {
      if (e.name === "gen_ai.system.message") return toMessages([e.attributes], "system");
      if (e.name === "gen_ai.user.message") return toMessages([e.attributes], "user");
      return [];
    });
  }
  if (!messages.length) messages = flattened(a, "prompt", "user");
  if (!messages.length) messages = toMessages(a["gen_ai.prompt"], "user");
  return [...system, ...messages.map((m, i) => ({ ...m, position: String(i) }))];
}

export function outputMessages(span: Span): GenAiMessage[] {
  const a = span.attributes;
  const details = span.events.filter((e) => e.name === DETAILS_EVENT).map((e) => e.attributes);
  const messages = [a, ...details].flatMap((s) => toMessages(s["gen_ai.output.messages"], "assistant"));
  if (messages.length) return messages;
  const choices = span.events
    .filter((e) => e.name === "gen_ai.choice")
    .flatMap((e) => toMessages([e.attributes.message ?? e.attributes], "assistant"));
  if (choices.length) return choices;
  const legacy = flattened(a, "completion", "assistant");
  if (legacy.length) return legacy;
  return toMessages(a["gen_ai.completion"], "assistant");
}
