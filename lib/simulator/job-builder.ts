// The low-level half of a job's transcript: a clock, per-job sequence numbers and event ids, model calls with
// growing context, prompt caching and costs at list price, and tool calls with their results.
import { costOf, type Model } from "./catalog";
import type { FailureContext } from "./failures";
import type { Rng } from "./random";
import type { ToolUse } from "./tools";
import type { JobPlan, TimedEvent, WireEvent } from "./types";

const REPORTS_COST = new Set(["claude-code", "aider", "opencode"]);

/** Tokens of the system prompt and tool definitions each harness sends on every call. */
const BASE_TOKENS: Record<string, number> = {
  "claude-code": 16_500,
  codex: 9_200,
  aider: 6_800,
  opencode: 11_400,
  looper: 2_600,
};

const CACHE_TTL_MS = 5 * 60_000;

export const tokensOf = (s: string) => Math.ceil(s.length / 3.8);

export class JobBuilder {
  t: number;
  seq = 0;
  readonly events: TimedEvent[] = [];
  /** Tokens already in the conversation (the cacheable prefix of the next call). */
  context = 0;
  /** Tokens added since the last call (tool results, user messages). */
  fresh: number;
  costUsd = 0;
  calls = 0;
  private lastCallAt: number | null = null;

  constructor(
    readonly plan: JobPlan,
    readonly rng: Rng,
  ) {
    this.t = plan.startAt;
    this.fresh = BASE_TOKENS[plan.harness.name] ?? 4000;
  }

  get model(): Model {
    return this.plan.model;
  }

  emit(type: WireEvent["type"], data: Record<string, unknown>, at?: number): void {
    const time = Math.max(at ?? this.t, this.events.at(-1)?.t ?? 0);
    const seq = this.seq++;
    this.events.push({
      t: time,
      event: {
        id: `${this.plan.id}-${String(seq).padStart(4, "0")}`,
        type,
        time: new Date(time).toISOString(),
        job: this.plan.id,
        agent: this.plan.agent.name,
        seq,
        data,
      },
    });
  }

  advance(ms: number): void {
    this.t += Math.max(1, Math.round(ms));
  }

  log(level: "debug" | "info" | "warn" | "error" | "fatal", message: string): void {
    this.emit("job.log", { level, message });
  }

  private requestId(): string {
    switch (this.model.provider) {
      case "anthropic":
        return `req_011C${this.rng.alnum(21)}`;
      case "openai":
        return `resp_${this.rng.hex(48)}`;
      case "google":
        return this.rng.alnum(27);
      default:
        return `${this.model.provider}-${this.rng.hex(24)}`;
    }
  }

  private messageId(): string {
    return this.model.provider === "anthropic" ? `msg_01${this.rng.alnum(22)}` : `msg_${this.rng.hex(24)}`;
  }

  /**
   * One model call: advances the clock by its latency and generation time, then reports what the model said
   * (thinking, text) and what it cost (job.usage), in that order.
   */
  call(opts: { text?: string; thinking?: string; outputMedian?: number; scale?: number }): void {
    const m = this.model;
    const scale = opts.scale ?? 1;
    const reasoning = m.reasoning ? Math.round(this.rng.logNormal(350, 0.8) * scale) : 0;
    const visible =
      Math.round(this.rng.logNormal(opts.outputMedian ?? 160, 0.6) * scale) +
      (opts.text ? tokensOf(opts.text) : 0);
    const output = Math.max(8, visible + reasoning);
    const genMs = (output / m.tokensPerSec) * 1000;
    this.advance(m.latencyS * 1000 * this.rng.float(0.6, 1.8) + genMs);

    const prefix = this.context;
    const fresh = Math.max(20, Math.round(this.fresh * scale));
    let input = 0;
    let cacheRead = 0;
    let cacheWrite = 0;
    if (m.price.cacheRead === null) {
      input = prefix + fresh;
    } else if (m.provider === "anthropic") {
      const expired = this.lastCallAt !== null && this.t - this.lastCallAt > CACHE_TTL_MS;
      if (this.calls === 0) {
        // The system prompt and tools are usually cached by the fleet's previous jobs.
        const shared = this.rng.chance(0.8) ? (BASE_TOKENS[this.plan.harness.name] ?? 0) : 0;
        cacheRead = Math.min(shared, fresh);
        cacheWrite = fresh - cacheRead;
      } else if (expired) {
        cacheWrite = prefix + fresh;
      } else {
        cacheRead = prefix;
        cacheWrite = fresh;
      }
      input = this.rng.int(1, 12);
    } else {
      cacheRead = prefix >= 1024 ? Math.floor((prefix * this.rng.float(0.8, 1)) / 128) * 128 : 0;
      input = prefix + fresh - cacheRead;
    }
    const cost = costOf(m, { input, output, cacheRead, cacheWrite });
    this.costUsd += cost;
    this.context = prefix + fresh + visible;
    this.fresh = 0;
    this.calls++;
    this.lastCallAt = this.t;

    if (opts.thinking) this.emit("job.thinking", { text: opts.thinking });
    if (opts.text)
      this.emit("job.message", {
        role: "assistant",
        text: opts.text,
        model: m.id,
        message_id: this.messageId(),
      });
    const usage: Record<string, unknown> = { model: m.id, input_tokens: input, output_tokens: output };
    if (m.price.cacheRead !== null) usage.cache_read_tokens = cacheRead;
    if (m.provider === "anthropic") usage.cache_write_tokens = cacheWrite;
    // Claude Code, aider and opencode report what a call cost; Codex and the home-made loop report tokens only,
    // so the console prices their usage from its table.
    if (REPORTS_COST.has(this.plan.harness.name)) usage.cost_usd = cost;
    usage.request_id = this.requestId();
    this.emit("job.usage", usage);
  }

  /** A tool call and its result; `tokens` is what the result adds to the context. */
  tool(use: ToolUse, tokens?: number, opts: { noResult?: boolean } = {}): string {
    const callId =
      this.plan.harness.name === "claude-code"
        ? `toolu_01${this.rng.alnum(22)}`
        : `call_${this.rng.alnum(24)}`;
    this.emit("job.tool_call", { call_id: callId, tool: use.tool, input: use.input });
    if (opts.noResult) return callId;
    this.advance(use.durationMs);
    const result: Record<string, unknown> = {
      call_id: callId,
      output: use.output,
      duration_ms: use.durationMs,
    };
    if (use.isError) result.is_error = true;
    this.emit("job.tool_result", result);
    this.fresh += tokens ?? Math.max(20, tokensOf(use.output));
    this.advance(this.rng.int(30, 400));
    return callId;
  }

  /** What a failure's message draws on: the model, the job, and how far it got. */
  failureContext(): FailureContext {
    const p = this.plan;
    return {
      rng: this.rng,
      model: p.model,
      harness: p.harness,
      version: p.version,
      task: p.task,
      jobId: p.id,
      contextTokens: this.context + this.fresh,
      costUsd: this.costUsd,
      elapsedMs: this.t - p.startAt,
      turns: this.calls,
      badRollout: p.badRollout,
    };
  }
}
