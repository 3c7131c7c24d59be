// OpenTelemetry GenAI spans to protocol events. The job is the span's gen_ai.conversation.id or session.id
// (on the span, another span of its trace in the request, or the resource), else its trace id.
//   invoke_agent   -> job.started at its start, job.completed / job.failed at its end (a nested invoke_agent,
//                     i.e. one below another invoke_agent in the request, is a sub-agent: job.log entries)
//   chat (and text_completion, generate_content, embeddings)
//                  -> job.usage (input tokens made to exclude cached ones) + job.message for its messages
//   execute_tool   -> job.tool_call at its start, job.tool_result at its end
// A GenAI span that is the root of its trace but not invoke_agent (a bare LLM call) starts and ends its job
// too. Spans without gen_ai.* attributes, or with an operation not listed here, are ignored.
import type { Attributes, Span, TracesData } from "./decode";
import { type GenAiMessage, inputMessages, outputMessages } from "./genai-messages";
import {
  attr,
  attrStr,
  attrTokens,
  clip,
  eventId,
  fitId,
  hashOf,
  iso,
  Mapping,
  maybeJson,
  nameOf,
  serviceName,
} from "./util";

type Operation = "agent" | "chat" | "tool";
const OPERATIONS: Record<string, Operation> = {
  invoke_agent: "agent",
  chat: "chat",
  text_completion: "chat",
  generate_content: "chat",
  embeddings: "chat",
  execute_tool: "tool",
};
const STATUS_ERROR = 2;
const MAX_MESSAGE_CHARS = 100_000;

const isGenAi = (span: Span) => Object.keys(span.attributes).some((k) => k.startsWith("gen_ai."));

function operationOf(span: Span): Operation | null {
  const op = attrStr([span.attributes], "gen_ai.operation.name") ?? span.name.split(" ")[0] ?? "";
  return OPERATIONS[op.toLowerCase()] ?? null;
}

const CONVERSATION_KEYS = ["gen_ai.conversation.id", "session.id"];

type Item = { span: Span; resource: Attributes; index: number };

export function mapTraces(data: TracesData, now: Date): Mapping {
  const mapping = new Mapping();
  const items: Item[] = [];
  for (const rs of data.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const span of ss.items) items.push({ span, resource: rs.resource, index: items.length });
  mapping.items = items.length;

  const bySpanId = new Map(items.map((i) => [`${i.span.traceId}:${i.span.spanId}`, i.span]));
  const traceConversation = new Map<string, string>();
  for (const { span } of items) {
    const conv = attrStr([span.attributes], ...CONVERSATION_KEYS);
    if (conv && !traceConversation.has(span.traceId)) traceConversation.set(span.traceId, conv);
  }
  const jobOf = (span: Span, resource: Attributes) =>
    fitId(
      attrStr([span.attributes], ...CONVERSATION_KEYS) ??
        traceConversation.get(span.traceId) ??
        attrStr([resource], ...CONVERSATION_KEYS) ??
        span.traceId,
    );
  /** True when an ancestor of the span present in this request is an invoke_agent span. */
  const underAgent = (span: Span) => {
    let parent = span.parentSpanId;
    for (let depth = 0; parent && depth < 100; depth++) {
      const p = bySpanId.get(`${span.traceId}:${parent}`);
      if (!p) return false;
      if (isGenAi(p) && operationOf(p) === "agent") return true;
      parent = p.parentSpanId;
    }
    return false;
  };

  for (const { span, resource, index } of items) {
    if (!isGenAi(span)) {
      mapping.ignore("spans without gen_ai.* attributes");
      continue;
    }
    const op = operationOf(span);
    if (!op) {
      mapping.ignore("GenAI spans of another operation than invoke_agent, chat or execute_tool");
      continue;
    }
    if (!span.traceId || !span.spanId) {
      mapping.ignore("GenAI spans without a trace or span id", { warn: true });
      continue;
    }
    const ctx: SpanContext = { span, resource, index, job: jobOf(span, resource), mapping, now };
    if (op === "agent" && underAgent(span)) subAgent(ctx);
    else if (op === "agent" || !span.parentSpanId) lifecycle(ctx);
    if (op === "chat") chat(ctx);
    if (op === "tool") tool(ctx);
    if (op === "agent") messages(ctx, false); // the task it was given; its output is the job's summary
  }
  return mapping;
}

type SpanContext = {
  span: Span;
  resource: Attributes;
  index: number;
  job: string;
  mapping: Mapping;
  now: Date;
};

const startOf = ({ span, now }: SpanContext) => span.start ?? span.end ?? now;
const endOf = ({ span, now }: SpanContext) => span.end ?? span.start ?? now;
const id = ({ span }: SpanContext, suffix: string) => eventId(span.traceId, span.spanId, suffix);
const failed = (span: Span) => span.status.code === STATUS_ERROR;

function errorOf(span: Span, what: string) {
  const type = attrStr([span.attributes], "error.type");
  return {
    ...(type ? { type: nameOf(type, "error") } : {}),
    message: span.status.message ?? attrStr([span.attributes], "error.message") ?? type ?? `${what} failed`,
  };
}

/** job.started + job.completed / job.failed for an invoke_agent span or a root GenAI span. */
function lifecycle(ctx: SpanContext) {
  const { span, resource, mapping, index, job } = ctx;
  const a = [span.attributes, resource];
  const agent = nameOf(attrStr(a, "gen_ai.agent.name") ?? serviceName(resource), "agent");
  const firstUser = inputMessages(span).find((m) => m.role === "user");
  const labels: Record<string, string> = { trace_id: span.traceId };
  for (const key of ["gen_ai.agent.id", "gen_ai.provider.name", "gen_ai.system"]) {
    const v = attrStr([span.attributes], key);
    if (v) labels[key] = clip(v, 200);
  }
  const version = attrStr([resource], "service.version");
  const model = attrStr(a, "gen_ai.request.model", "gen_ai.response.model");
  mapping.add(index, {
    id: id(ctx, "start"),
    type: "job.started",
    time: iso(startOf(ctx)),
    job,
    agent,
    data: {
      harness: nameOf(
        serviceName(resource) ?? attrStr(a, "gen_ai.provider.name", "gen_ai.system"),
        "opentelemetry",
      ),
      ...(version ? { harness_version: nameOf(version, "unknown") } : {}),
      ...(model ? { model: nameOf(model, "unknown") } : {}),
      ...(firstUser ? { title: clip(firstUser.text, 200) } : {}),
      labels,
    },
  });
  if (!span.end) return; // still running when exported (should not happen: spans are exported when they end)
  const summary = outputMessages(span).at(-1)?.text;
  mapping.add(
    index,
    failed(span)
      ? {
          id: id(ctx, "end"),
          type: "job.failed",
          time: iso(endOf(ctx)),
          job,
          data: { error: errorOf(span, "invoke_agent") },
        }
      : {
          id: id(ctx, "end"),
          type: "job.completed",
          time: iso(endOf(ctx)),
          job,
          data: summary ? { summary: clip(summary, 10_000) } : {},
        },
  );
}

function subAgent(ctx: SpanContext) {
  const { span, mapping, index, job } = ctx;
  const name = attrStr([span.attributes], "gen_ai.agent.name") ?? "sub-agent";
  const data = { agent: name, span_id: span.spanId };
  mapping.add(index, {
    id: id(ctx, "start"),
    type: "job.log",
    time: iso(startOf(ctx)),
    job,
    data: { level: "info", message: `Sub-agent ${name} started`, ...data },
  });
  if (!span.end) return;
  const error = failed(span) ? errorOf(span, "Sub-agent") : null;
  mapping.add(index, {
    id: id(ctx, "end"),
    type: "job.log",
    time: iso(endOf(ctx)),
    job,
    data: error
      ? { level: "error", message: `Sub-agent ${name} failed: ${error.message}`, error, ...data }
      : { level: "info", message: `Sub-agent ${name} finished`, ...data },
  });
}

function chat(ctx: SpanContext) {
  const { span, mapping, index, job } = ctx;
  const a = [span.attributes];
  const model = nameOf(attrStr(a, "gen_ai.response.model", "gen_ai.request.model"), "unknown");
  const input = attrTokens(a, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens");
  const output = attrTokens(a, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens");
  const cacheRead = attrTokens(
    a,
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_read_input_tokens",
  );
  const cacheWrite = attrTokens(
    a,
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
  );
  if (input !== undefined || output !== undefined) {
    // GenAI conventions count cached tokens inside input tokens; the protocol counts them apart. An input
    // smaller than the cached tokens was already counted apart (as Anthropic does) and is kept as is.
    const cached = (cacheRead ?? 0) + (cacheWrite ?? 0);
    const uncached = input === undefined ? 0 : input >= cached ? input - cached : input;
    const requestId = attrStr(a, "gen_ai.response.id");
    mapping.add(index, {
      id: id(ctx, "usage"),
      type: "job.usage",
      time: iso(endOf(ctx)),
      job,
      data: {
        model,
        input_tokens: uncached,
        output_tokens: output ?? 0,
        ...(cacheRead !== undefined ? { cache_read_tokens: cacheRead } : {}),
        ...(cacheWrite !== undefined ? { cache_write_tokens: cacheWrite } : {}),
        ...(requestId ? { request_id: nameOf(requestId, "unknown") } : {}),
      },
    });
  }
  messages(ctx, true);
  if (failed(span)) {
    const error = errorOf(span, `${span.name || "chat"}`);
    mapping.add(index, {
      id: id(ctx, "error"),
      type: "job.log",
      time: iso(endOf(ctx)),
      job,
      data: { level: "error", message: `${model}: ${error.message}`, error },
    });
  }
}

/**
 * job.message for the span's messages. Each LLM call repeats the conversation so far in its input, so input
 * messages get ids from (job, position, role, text): a message seen again in a later call is a duplicate.
 * Assistant messages are taken from outputs only; tool messages come from execute_tool spans.
 */
function messages(ctx: SpanContext, withOutputs: boolean) {
  const { span, mapping, index, job } = ctx;
  const model = attrStr([span.attributes], "gen_ai.response.model", "gen_ai.request.model");
  const add = (m: GenAiMessage, messageId: string, time: Date) =>
    mapping.add(index, {
      id: messageId,
      type: "job.message",
      time: iso(time),
      job,
      data: {
        role: m.role,
        text: clip(m.text, MAX_MESSAGE_CHARS),
        ...(m.role === "assistant" && model ? { model: nameOf(model, "unknown") } : {}),
      },
    });
  for (const m of inputMessages(span)) {
    if (m.role !== "assistant") add(m, eventId(job, "msg", hashOf(m.position, m.role, m.text)), startOf(ctx));
  }
  if (!withOutputs) return;
  outputMessages(span).forEach((m, i) => {
    add(m, id(ctx, `out-${i}`), endOf(ctx));
  });
}

function tool(ctx: SpanContext) {
  const { span, mapping, index, job } = ctx;
  const a = [span.attributes];
  const callId = nameOf(attrStr(a, "gen_ai.tool.call.id") ?? span.spanId, span.spanId);
  const name = nameOf(attrStr(a, "gen_ai.tool.name") ?? span.name.replace(/^execute_tool\s*/, ""), "tool");
  const input = maybeJson(attr(a, "gen_ai.tool.call.arguments"));
  mapping.add(index, {
    id: id(ctx, "call"),
    type: "job.tool_call",
    time: iso(startOf(ctx)),
    job,
    data: { call_id: callId, tool: name, ...(input !== undefined ? { input } : {}) },
  });
  if (!span.end) return;
  const result = maybeJson(attr(a, "gen_ai.tool.call.result"));
  const output = failed(span) ? (result ?? errorOf(span, name).message) : result;
  mapping.add(index, {
    id: id(ctx, "result"),
    type: "job.tool_result",
    time: iso(endOf(ctx)),
    job,
    data: {
      call_id: callId,
      is_error: failed(span),
      ...(output !== undefined ? { output } : {}),
      ...(span.start ? { duration_ms: Math.max(0, span.end.getTime() - span.start.getTime()) } : {}),
    },
  });
}
