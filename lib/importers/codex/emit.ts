// Second pass: intents -> protocol events, with deterministic ids (`codex:<job>:<line>:<n>`), running seq,
// one copy of each fact (see intents.ts), token deltas, and the session's outcome.
import type { Intent } from "./intents";
import { countKey, type Prescan } from "./prescan";
import type { RawEvent } from "./types";
import { CumulativeTracker, hasTokens, type Tokens, usageData } from "./usage";
import { asName, clip, compact, type Obj } from "./util";

type Outcome =
  | { kind: "error"; type: string; message: string; data?: Obj }
  | { kind: "aborted"; reason: string }
  | null;

/** Errors worth retrying later: rate and usage limits, overloaded or failing servers, dropped streams. */
const RETRYABLE =
  /rate.?limit|usage.?limit|too many requests|\b429\b|server.?error|overloaded|\b50[23]\b|stream.?disconnected/i;

export class Emitter {
  readonly events: RawEvent[] = [];
  line = 0;
  time = "";
  private readonly perLine = new Map<number, number>();
  private readonly seen = new Map<string, number>();
  private readonly calls = new Set<string>();
  private readonly results = new Set<string>();
  /** Calls without a result yet (call id -> tool), in call order. */
  private readonly pending = new Map<string, string>();
  private readonly totals = new CumulativeTracker();
  private readonly turns = new CumulativeTracker();
  private readonly once = new Set<string>();
  private model: string | undefined;
  private openTurn = false;
  private outcome: Outcome = null;
  private lastAssistant: string | undefined;

  /** `idBase` is `codex:<job>`, plus a stream discriminator for `codex exec --json` (see index.ts). */
  constructor(
    private readonly idBase: string,
    private readonly job: string,
    private readonly agent: string,
    private readonly pre: Prescan,
  ) {
    this.model = pre.firstModel;
  }

  emit(type: string, data: Obj, suffix?: string): void {
    const n = this.perLine.get(this.line) ?? 0;
    this.perLine.set(this.line, n + 1);
    const id = `${this.idBase}:${this.line}:${suffix ?? n}`;
    const seq = this.events.length;
    this.events.push({ id, type, time: this.time, job: this.job, agent: this.agent, seq, data });
  }

  /** Whether a message / reasoning text of a secondary channel is not already held by a primary one. */
  private fresh(it: Extract<Intent, { k: "message" | "thinking" }>): boolean {
    if (it.ch === "canonical") return true;
    const pool = it.k === "thinking" ? "thinking" : it.pool;
    const key = countKey(it.ch, pool, it.text);
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    const canonical = this.pre.counts.get(countKey("canonical", pool, it.text)) ?? 0;
    const event = it.ch === "item" ? (this.pre.counts.get(countKey("event", pool, it.text)) ?? 0) : 0;
    return n > Math.max(canonical, event);
  }

  private progress(): void {
    this.outcome = null;
  }

  private usage(d: Tokens | null): void {
    if (hasTokens(d)) this.emit("job.usage", usageData(d, this.model ?? "unknown"));
  }

  apply(it: Intent): void {
    switch (it.k) {
      case "session":
        if (it.id && it.id !== this.pre.sessionId)
          this.emit("job.log", {
            level: "debug",
            message: `Codex session_meta of another thread: ${it.id}`,
            raw: it.data,
          });
        return;
      case "model":
        this.model = it.model;
        return;
      case "message":
        if (!this.fresh(it)) return;
        if (it.role === "assistant") this.lastAssistant = it.text;
        this.emit("job.message", { role: it.role, text: clip(it.text), ...it.data });
        this.progress();
        return;
      case "thinking":
        if (!this.fresh(it)) return;
        this.emit("job.thinking", { text: clip(it.text) });
        this.progress();
        return;
      case "call": {
        if (
          it.ch !== "canonical" &&
          it.callId &&
          (this.pre.canonicalCalls.has(it.callId) || this.calls.has(it.callId))
        )
          return;
        const callId = it.callId ?? `call-L${this.line}-${this.perLine.get(this.line) ?? 0}`;
        const tool = asName(it.tool) ?? "unknown";
        this.calls.add(callId);
        this.pending.set(callId, tool);
        this.emit("job.tool_call", compact({ call_id: callId, tool, input: it.input, ...it.data }));
        this.progress();
        return;
      }
      case "result": {
        if (
          it.ch !== "canonical" &&
          it.callId &&
          (this.pre.canonicalResults.has(it.callId) || this.results.has(it.callId))
        )
          return;
        // A result without a call id (schema drift) answers the oldest open call of its tool, else the latest.
        let callId = it.callId;
        if (!callId) {
          const open = [...this.pending];
          callId = (open.find(([, tool]) => tool === it.tool) ?? open.at(-1))?.[0] ?? `result-L${this.line}`;
        }
        this.pending.delete(callId);
        this.results.add(callId);
        const extra = it.ch === "canonical" && it.callId ? this.pre.enrich.get(it.callId) : undefined;
        const isError = it.isError ?? extra?.isError;
        const duration = it.durationMs ?? extra?.durationMs;
        this.emit(
          "job.tool_result",
          compact({
            call_id: callId,
            output: it.output,
            is_error: isError,
            duration_ms: duration === undefined ? undefined : Math.round(duration),
          }),
        );
        this.progress();
        return;
      }
      case "usage":
        if (!it.tokens) return; // info: null
        if (it.src === "last") {
          this.usage(it.tokens);
          return;
        }
        if (it.src === "turn" && this.pre.hasTotals) return;
        this.usage((it.src === "total" ? this.totals : this.turns).next(it.tokens));
        return;
      case "log":
        if (it.once !== undefined) {
          if (this.once.has(it.once)) return;
          this.once.add(it.once);
        }
        this.emit("job.log", { level: it.level, message: clip(it.message), ...it.data });
        return;
      case "error":
        this.emit("job.log", { level: "error", message: clip(it.message), error_type: it.type, ...it.data });
        this.outcome = { kind: "error", type: it.type, message: it.message, data: it.data };
        return;
      case "turn":
        this.openTurn = it.state === "start";
        if (it.state === "abort") this.outcome = { kind: "aborted", reason: it.reason ?? "aborted" };
        return;
      case "raw":
        this.emit("job.log", { level: "debug", message: `Unrecognized Codex ${it.what}`, raw: it.raw });
        return;
    }
  }

  /**
   * The session's end, at the last record's time: job.failed when the last thing that happened was an error
   * (no message, reasoning or tool activity after it), job.cancelled when it was an interrupted turn, nothing
   * when a turn is still open (the rollout ends mid-turn: the session may still be running; a later import
   * or live report ends it), else job.completed.
   */
  finish(): void {
    const o = this.outcome;
    if (o?.kind === "error") {
      const retryable = RETRYABLE.test(`${o.type} ${o.message}`) ? true : undefined;
      const error = compact({ type: o.type, message: clip(o.message), reset_at: o.data?.reset_at });
      this.emit("job.failed", compact({ error, retryable }), "end");
    } else if (this.openTurn) return;
    else if (o?.kind === "aborted") this.emit("job.cancelled", { reason: o.reason }, "end");
    else
      this.emit(
        "job.completed",
        compact({ summary: this.lastAssistant ? clip(this.lastAssistant, 4000) : undefined }),
        "end",
      );
  }
}
