// Claude Code headless output -> protocol events: `claude -p --output-format json` (the result object, or
// with --verbose an array of every message) and `--output-format stream-json --verbose` (one message per
// line: system/init, assistant, user, ..., result).
//
// There are no timestamps: the run ends at opts.time (default: now) and starts duration_ms before; every
// event but the final result is dated at the start, in order by seq. Usage: one job.usage per API response
// from the assistant messages (deduplicated like session files), then at the result one job.usage per model
// of its modelUsage with the tokens the messages did not show (e.g. Claude Code's background calls) and that
// model's cost, so token totals and cost match what Claude Code reported without counting anything twice.
import { Emitter } from "./emitter";
import { collectUsage, MessageConverter, type RecCtx, type UsageTotal } from "./messages";
import { mapRecord } from "./records";
import { HARNESS } from "./session";
import { promptOf } from "./session-plan";
import type { ClaudeCodeFormat, ImportOptions, ImportResult } from "./types";
import {
  baseName,
  clipText,
  count,
  isObj,
  type Json,
  type JsonLine,
  name,
  num,
  oneLine,
  type Skipped,
  str,
} from "./util";

type Totals = { input: number; output: number; cacheRead: number; cacheWrite: number };
const ZERO: Totals = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

function add(a: Totals, b: Totals): Totals {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}

/** Reported totals minus what the messages showed, never below zero. */
function remainder(reported: Totals, seen: Totals): Totals {
  return {
    input: Math.max(0, reported.input - seen.input),
    output: Math.max(0, reported.output - seen.output),
    cacheRead: Math.max(0, reported.cacheRead - seen.cacheRead),
    cacheWrite: Math.max(0, reported.cacheWrite - seen.cacheWrite),
  };
}

/** The result's usage for the tokens the messages did not show, with the cost Claude Code computed. */
function resultUsage(
  result: Json,
  seenByModel: Map<string, Totals>,
  lastModel: string | undefined,
): UsageTotal[] {
  const out: UsageTotal[] = [];
  const push = (model: string, totals: Totals, cost: number | undefined) => {
    const any = totals.input + totals.output + totals.cacheRead + totals.cacheWrite > 0;
    if (any || cost !== undefined)
      out.push({ key: ["result-usage", model], model, ...totals, cacheWrite1h: 0, costUsd: cost });
  };
  const byModel = isObj(result.modelUsage)
    ? Object.entries(result.modelUsage).filter(([, v]) => isObj(v))
    : [];
  if (byModel.length) {
    for (const [model, v] of byModel as [string, Json][]) {
      const reported = {
        input: count(v.inputTokens),
        output: count(v.outputTokens),
        cacheRead: count(v.cacheReadInputTokens),
        cacheWrite: count(v.cacheCreationInputTokens),
      };
      const cost = num(v.costUSD);
      push(
        name(model) ?? "unknown",
        remainder(reported, seenByModel.get(model) ?? ZERO),
        cost !== undefined && cost >= 0 ? cost : undefined,
      );
    }
    return out;
  }
  const u = isObj(result.usage) ? result.usage : {};
  const reported = {
    input: count(u.input_tokens),
    output: count(u.output_tokens),
    cacheRead: count(u.cache_read_input_tokens),
    cacheWrite: count(u.cache_creation_input_tokens),
  };
  const seen = [...seenByModel.values()].reduce(add, ZERO);
  const cost = num(result.total_cost_usd) ?? num(result.cost_usd); // cost_usd: older versions
  push(lastModel ?? "unknown", remainder(reported, seen), cost !== undefined && cost >= 0 ? cost : undefined);
  return out;
}

function terminal(result: Json): { type: "job.completed" | "job.failed"; data: Json } {
  const subtype = str(result.subtype);
  const errors = Array.isArray(result.errors) ? result.errors.filter((e) => typeof e === "string") : [];
  const text = str(result.result) ?? (errors.length ? errors.join("\n") : undefined);
  const duration = num(result.duration_ms);
  const common: Json = {
    subtype,
    is_error: typeof result.is_error === "boolean" ? result.is_error : undefined,
    total_cost_usd: num(result.total_cost_usd) ?? num(result.cost_usd),
    num_turns: num(result.num_turns),
    duration_ms: duration,
    duration_api_ms: num(result.duration_api_ms),
    permission_denials: Array.isArray(result.permission_denials) ? result.permission_denials : undefined,
  };
  if (result.is_error === true || subtype?.startsWith("error")) {
    const message = clipText(text ?? subtype ?? "Claude Code run failed");
    return { type: "job.failed", data: { error: { type: name(subtype) ?? "error", message }, ...common } };
  }
  return { type: "job.completed", data: { summary: text ? clipText(text) : undefined, ...common } };
}

export function importHeadless(
  lines: JsonLine[],
  skipped: Skipped[],
  opts: ImportOptions,
  format: ClaudeCodeFormat,
  end: number,
): ImportResult {
  const recs = lines.map((l) => l.rec);
  const sessionId =
    name(opts.sessionId) ??
    recs.map((r) => name(r.session_id) ?? name(r.sessionId)).find(Boolean) ??
    name(baseName(opts.fileName)) ??
    "claude-code-run";
  const lastResult = recs.map((r, i) => (r.type === "result" ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
  const duration = lastResult >= 0 ? num(recs[lastResult]?.duration_ms) : undefined;
  const start = duration !== undefined && duration >= 0 ? end - duration : end;

  const seen = new Set<string>();
  const keys = lines.map(({ line, rec }) => {
    const uuid = name(rec.uuid);
    const key = uuid && !seen.has(uuid) ? uuid : `L${line}`;
    if (uuid) seen.add(uuid);
    return key;
  });
  const usage = collectUsage(recs, keys);
  const seenByModel = new Map<string, Totals>();
  for (const u of usage.values()) {
    const model = u.model ?? "unknown";
    seenByModel.set(model, add(seenByModel.get(model) ?? ZERO, u));
  }

  const em = new Emitter(sessionId, "main", opts.agent ?? HARNESS);
  const conv = new MessageConverter(em);
  const init = recs.find((r) => r.type === "system" && r.subtype === "init") ?? {};
  const firstModel = recs
    .map((r) => (r.type === "assistant" && isObj(r.message) ? name(r.message.model) : undefined))
    .find((m) => m && m !== "<synthetic>");
  const modelUsage = isObj(recs[lastResult]?.modelUsage)
    ? Object.keys(recs[lastResult]?.modelUsage as Json)
    : [];
  const prompt = recs.map((r) => (r.parent_tool_use_id ? undefined : promptOf(r))).find(Boolean);
  const cwd = str(init.cwd);
  if (lines.length) {
    em.emit("job.started", [keys[0] ?? "L1", "started"], start, {
      harness: HARNESS,
      harness_version: name(init.claude_code_version) ?? name(init.version),
      model: name(init.model) ?? firstModel ?? name(modelUsage[0]),
      title: prompt ? oneLine(prompt, 120) : undefined,
      repo: cwd?.slice(0, 2000),
      cwd,
      mode: "headless",
      output_format: format === "claude-code-stream-json" ? "stream-json" : "json",
      permission_mode: name(init.permissionMode),
      tools: Array.isArray(init.tools) ? init.tools : undefined,
      imported_from: baseName(opts.fileName),
    });
  }
  // Sub-agent messages carry the spawning Task call's id; the branch is named after the agent id its result
  // reports (as in session files), else after that call.
  const agentOfCall = new Map<string, string>();
  for (const rec of recs) {
    const tur = rec.tool_use_result ?? rec.toolUseResult;
    const agentId = isObj(tur) ? name(tur.agentId) : undefined;
    const content = isObj(rec.message) ? rec.message.content : undefined;
    if (!agentId || !Array.isArray(content)) continue;
    const result = content.find((b) => isObj(b) && b.type === "tool_result" && name(b.tool_use_id));
    if (isObj(result)) agentOfCall.set(name(result.tool_use_id) ?? "", agentId);
  }
  recs.forEach((rec, i) => {
    const parent = name(rec.parent_tool_use_id);
    const ctx: RecCtx = {
      key: keys[i] ?? `L${i}`,
      time: i === lastResult ? end : start,
      rec,
      branch: parent ? { branch: agentOfCall.get(parent) ?? parent, parentCallId: parent } : undefined,
    };
    if (rec.type === "system" && rec.subtype === "init" && rec === init) return;
    if (rec.type === "stream_event") return; // partial deltas; the complete messages follow
    if (rec.type === "result") {
      if (i === lastResult) for (const u of resultUsage(rec, seenByModel, conv.lastModel)) conv.usage(ctx, u);
      const fin = terminal(rec);
      em.emit(fin.type, [ctx.key, fin.type === "job.failed" ? "failed" : "completed"], ctx.time, fin.data);
      return;
    }
    mapRecord(conv, ctx);
    const u = usage.get(i);
    if (u) conv.usage(ctx, u);
  });
  return { format, sessionId, events: em.events, skipped };
}
