// Message content -> events, shared by session files and headless output: text and other blocks become
// job.message, thinking job.thinking, tool_use job.tool_call, tool_result job.tool_result (with the structured
// toolUseResult), and one job.usage per API response.
import type { BranchRef, Emitter } from "./emitter";
import { clipText, count, isObj, type Json, name, num, slimBlock, str } from "./util";

/** One record being converted: its id key, (carried) time and branch. */
export type RecCtx = { key: string; time: number; rec: Json; branch?: BranchRef };

/** Usage of one API response, merged over the lines it was split into. */
export type UsageTotal = {
  key: string[];
  model?: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  /** The part of cacheWrite written with the 1-hour lifetime (usage.cache_creation.ephemeral_1h_input_tokens). */
  cacheWrite1h: number;
  costUsd?: number;
  requestId?: string;
  messageId?: string;
};

const CALL_TYPES = new Set(["tool_use", "server_tool_use", "mcp_tool_use"]);
const isResultType = (t: string) => t === "tool_result" || t.endsWith("_tool_result");

function blocksOf(content: unknown): Json[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  if (!Array.isArray(content)) return [];
  return content
    .map((b) => (typeof b === "string" ? { type: "text", text: b } : b))
    .filter((b): b is Json => isObj(b));
}

/** What the model saw of a tool result: a string when it is all text, else the blocks. */
function modelFacing(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const texts = content.map((c) =>
    typeof c === "string" ? c : isObj(c) && c.type === "text" ? c.text : null,
  );
  if (texts.every((t) => typeof t === "string")) return texts.join("\n");
  return content.map(slimBlock);
}

/**
 * Converts message content of one file. Keeps the state that spans records: tool names by call id, and
 * the calls written without an id (old or trimmed files) that a later result without an id answers.
 */
export class MessageConverter {
  private readonly tools = new Map<string, string>();
  private readonly pending: { callId: string; tool: string; branch: string }[] = [];
  lastModel: string | undefined;

  constructor(
    readonly em: Emitter,
    /** Call ids for tool_use blocks without one, by assistant record uuid (from the results' sourceToolUseID). */
    private readonly assigned: Map<string, string[]> = new Map(),
  ) {}

  /** Maps a user or assistant message; returns how many events it gave. */
  message(role: "user" | "assistant", msg: Json, ctx: RecCtx): number {
    const before = this.em.events.length;
    const rec = ctx.rec;
    const model = name(msg.model);
    if (role === "assistant" && model && model !== "<synthetic>") this.lastModel = model;
    const flags: Json = {
      uuid: name(rec.uuid),
      message_id: role === "assistant" ? name(msg.id) : name(rec.uuid),
      model: role === "assistant" ? model : undefined,
      is_meta: rec.isMeta === true ? true : undefined,
      compact_summary: rec.isCompactSummary === true ? true : undefined,
      api_error: rec.isApiErrorMessage === true ? true : undefined,
    };
    const blocks = blocksOf(msg.content);
    const results = blocks.filter((b) => isResultType(String(b.type)));
    let run: { index: number; blocks: Json[] } | null = null;
    const flush = () => {
      if (!run) return;
      const texts = run.blocks.filter((b) => b.type === "text" && typeof b.text === "string");
      const text = texts.length ? clipText(texts.map((b) => b.text as string).join("\n")) : undefined;
      const content = typeof msg.content === "string" ? undefined : run.blocks.map(slimBlock);
      this.em.emit(
        "job.message",
        [ctx.key, String(run.index), "message"],
        ctx.time,
        { role, text, content, ...flags },
        ctx.branch,
      );
      run = null;
    };
    blocks.forEach((b, i) => {
      const type = String(b.type);
      if (type === "thinking" || type === "redacted_thinking") {
        flush();
        const text = type === "thinking" ? clipText(str(b.thinking) ?? str(b.text) ?? "") : "";
        const redacted = type === "redacted_thinking" ? true : undefined;
        this.em.emit(
          "job.thinking",
          [ctx.key, String(i), "thinking"],
          ctx.time,
          { text, redacted },
          ctx.branch,
        );
      } else if (CALL_TYPES.has(type)) {
        flush();
        this.call(ctx, i, b, name(b.id));
      } else if (isResultType(type)) {
        flush();
        const tur = rec.toolUseResult ?? rec.tool_use_result;
        this.result(ctx, i, b, results.length === 1 ? tur : undefined);
      } else {
        run ??= { index: i, blocks: [] };
        run.blocks.push(b);
      }
    });
    flush();
    return this.em.events.length - before;
  }

  /** A tool call; `id` absent in old or trimmed files gets a stable synthetic one. */
  call(ctx: RecCtx, index: number, b: Json, id: string | undefined, key = [ctx.key, String(index), "call"]) {
    const tool = name(b.name) ?? "unknown";
    const uuid = name(ctx.rec.uuid);
    const callId = id ?? (uuid ? this.assigned.get(uuid)?.shift() : undefined) ?? `${ctx.key}#${index}`;
    if (!id) this.pending.push({ callId, tool, branch: ctx.branch?.branch ?? "" });
    this.tools.set(callId, tool);
    this.em.emit("job.tool_call", key, ctx.time, { call_id: callId, tool, input: b.input, uuid }, ctx.branch);
  }

  /** A tool result; `tur` is the record's toolUseResult (the structured result Claude Code keeps). */
  result(ctx: RecCtx, index: number, b: Json, tur: unknown, key = [ctx.key, String(index), "result"]) {
    const callId = name(b.tool_use_id) ?? this.answerPending(ctx, index, name(b.name));
    const pending = this.pending.findIndex((p) => p.callId === callId);
    if (pending >= 0) this.pending.splice(pending, 1);
    const seen = modelFacing(b.content ?? b.output ?? b.text ?? b.result);
    const structured = isObj(tur) || Array.isArray(tur);
    const output = structured ? tur : (seen ?? tur);
    const t = isObj(tur) ? tur : {};
    const isError = typeof b.is_error === "boolean" ? b.is_error : t.is_error === true;
    const duration = num(t.durationMs) ?? num(t.totalDurationMs) ?? num(b.duration_ms);
    this.em.emit(
      "job.tool_result",
      key,
      ctx.time,
      {
        call_id: callId,
        tool: this.tools.get(callId) ?? name(b.name),
        output,
        // The text the model saw, beside a structured output (file edits, bash stdout/stderr, ...).
        text: structured && typeof seen === "string" ? clipText(seen) : undefined,
        is_error: isError,
        duration_ms: duration !== undefined && duration >= 0 ? duration : undefined,
        agent_id: name(t.agentId),
        uuid: name(ctx.rec.uuid),
      },
      ctx.branch,
    );
  }

  /** A result written without tool_use_id: its sourceToolUseID, else the oldest unanswered id-less call. */
  private answerPending(ctx: RecCtx, index: number, tool: string | undefined): string {
    const source = name(ctx.rec.sourceToolUseID);
    if (source) return source;
    const branch = ctx.branch?.branch ?? "";
    let i = this.pending.findIndex((p) => p.branch === branch && (!tool || p.tool === tool));
    if (i < 0) i = this.pending.findIndex((p) => p.branch === branch);
    return i >= 0 ? (this.pending[i]?.callId ?? `${ctx.key}#${index}`) : `${ctx.key}#${index}`;
  }

  usage(ctx: RecCtx, u: UsageTotal) {
    this.em.emit(
      "job.usage",
      u.key,
      ctx.time,
      {
        model: u.model ?? this.lastModel ?? "unknown",
        input_tokens: u.input,
        output_tokens: u.output,
        cache_read_tokens: u.cacheRead,
        cache_write_tokens: u.cacheWrite,
        ...(u.cacheWrite1h > 0 ? { cache_write_1h_tokens: u.cacheWrite1h } : {}),
        cost_usd: u.costUsd,
        request_id: u.requestId,
        message_id: u.messageId,
      },
      ctx.branch,
    );
  }
}

/**
 * One usage per API response. Claude Code writes a response split over several lines (one per content
 * block) that share message.id and requestId and repeat usage, output_tokens growing as it streams: each
 * response counts once, with the largest value of each counter, at its last line. Returns them by the
 * index of that line.
 */
export function collectUsage(recs: Json[], keys: string[]): Map<number, UsageTotal> {
  const groups = new Map<string, UsageTotal & { last: number }>();
  recs.forEach((rec, i) => {
    const m = rec.message;
    if (rec.type !== "assistant" || !isObj(m) || !isObj(m.usage)) return;
    const model = name(m.model);
    if (model === "<synthetic>") return; // Claude Code's own error notices: no API call
    const messageId = name(m.id);
    const requestId = name(rec.requestId);
    const gk = messageId || requestId ? `${messageId ?? ""}\u0001${requestId ?? ""}` : `#${i}`;
    const key =
      messageId || requestId ? ["usage", messageId ?? "-", requestId ?? "-"] : [keys[i] ?? `#${i}`, "usage"];
    const g = groups.get(gk) ?? {
      key,
      input: 0,
      output: 0,
      cacheRead: 0,
      cacheWrite: 0,
      cacheWrite1h: 0,
      messageId,
      requestId,
      last: i,
    };
    const u = m.usage;
    g.model ??= model;
    g.input = Math.max(g.input, count(u.input_tokens));
    g.output = Math.max(g.output, count(u.output_tokens));
    g.cacheRead = Math.max(g.cacheRead, count(u.cache_read_input_tokens));
    g.cacheWrite = Math.max(g.cacheWrite, count(u.cache_creation_input_tokens));
    if (isObj(u.cache_creation)) {
      g.cacheWrite1h = Math.max(g.cacheWrite1h, count(u.cache_creation.ephemeral_1h_input_tokens));
    }
    // Old Claude Code versions wrote the response's cost beside it.
    const cost = num(rec.costUSD);
    if (cost !== undefined && cost >= 0) g.costUsd = Math.max(g.costUsd ?? 0, cost);
    g.last = i;
    groups.set(gk, g);
  });
  return new Map([...groups.values()].map((g) => [g.last, g]));
}
