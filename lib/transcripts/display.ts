// Pure preparation of a transcript for the viewer: pairs tool calls with their results, nests sub-agent
// branches under the call that started them, keeps running token and cost totals, and finds search matches.
import { linkBranches } from "./branches";
import type { TranscriptEntry } from "./schemas";

export type DisplayItem = {
  entry: TranscriptEntry;
  /** The result of a tool call, shown with the call. */
  result: TranscriptEntry | null;
  /** 0 for the main thread; +1 per sub-agent level. */
  depth: number;
  /** Sub-agent branch started by this tool call, if any. */
  startsBranch: string | null;
  /** Milliseconds since the previous item, when worth showing. */
  gapMs: number | null;
  /** Running totals up to and including this item. */
  totals: { tokens: number; costUsd: number; unpriced: number };
  isError: boolean;
  /** A "Sub-agent" node standing in for the missing call that started `startsBranch`. */
  synthetic?: boolean;
};

/** The entries that end a job: shown last whatever their time, so nothing renders after "Job completed". */
const isTerminal = (e: TranscriptEntry) =>
  e.kind === "lifecycle" && (e.role === "completed" || e.role === "failed" || e.role === "cancelled");

/** The node a branch without its starting call hangs from, at the branch's first entry. */
function subAgentNode(branch: string, first: TranscriptEntry): TranscriptEntry {
  return {
    ...first,
    id: `subagent-${first.id}`,
    kind: "tool_call",
    role: null,
    branch: null,
    branch_parent_call_id: null,
    call_id: null,
    tool: "Sub-agent",
    is_error: null,
    text: null,
    content: { agent: branch },
    truncated_from: null,
    usage: null,
  };
}

export const GAP_SHOWN_MS = 30_000;

function entryIsError(e: TranscriptEntry, result: TranscriptEntry | null): boolean {
  return (
    e.is_error === true ||
    result?.is_error === true ||
    (e.kind === "log" && (e.role === "error" || e.role === "fatal"))
  );
}

/**
 * Builds the rows of the viewer. `collapsed` holds branches whose entries are hidden. Entries of a branch
 * follow the call that started it (lib/transcripts/branches.ts), or, when that call is not in the transcript, a
 * "Sub-agent" node at the branch's start. The job's terminal entries come last.
 */
export function buildDisplayItems(
  entries: TranscriptEntry[],
  collapsed: ReadonlySet<string> = new Set(),
): DisplayItem[] {
  const results = new Map<string, TranscriptEntry>();
  const calls = new Set<string>();
  for (const e of entries) {
    if (e.kind === "tool_call" && e.call_id) calls.add(`${e.branch ?? ""}|${e.call_id}`);
  }
  for (const e of entries) {
    if (e.kind === "tool_result" && e.call_id && calls.has(`${e.branch ?? ""}|${e.call_id}`)) {
      results.set(`${e.branch ?? ""}|${e.call_id}`, e);
    }
  }
  const byBranch = new Map<string, TranscriptEntry[]>();
  const main: TranscriptEntry[] = [];
  for (const e of entries) {
    if (e.kind === "tool_result" && e.call_id && results.get(`${e.branch ?? ""}|${e.call_id}`) === e)
      continue;
    if (e.branch) {
      const list = byBranch.get(e.branch) ?? [];
      list.push(e);
      byBranch.set(e.branch, list);
    } else {
      main.push(e);
    }
  }
  const links = linkBranches(entries, byBranch, (call) =>
    call.call_id ? (results.get(`${call.branch ?? ""}|${call.call_id}`) ?? null) : null,
  );
  const branchesByCall = links.byCall;
  // Orphan branches get a node among the main entries at their start time, never after the job ended.
  const body = main.filter((e) => !isTerminal(e));
  const orphanAt = new Map<string, string>(); // node id -> branch
  for (const branch of links.orphans) {
    const first = byBranch.get(branch)?.[0];
    if (!first) continue;
    const node = subAgentNode(branch, first);
    orphanAt.set(node.id, branch);
    const at = body.findIndex((m) => m.time > first.time);
    body.splice(at === -1 ? body.length : at, 0, node);
  }
  const mainWithOrphans = [...body, ...main.filter(isTerminal)];

  const items: DisplayItem[] = [];
  let tokens = 0;
  let cost = 0;
  let unpriced = 0;
  let lastTime: number | null = null;
  const push = (entry: TranscriptEntry, depth: number, startsBranch: string | null, synthetic = false) => {
    const result =
      entry.kind === "tool_call" && entry.call_id
        ? (results.get(`${entry.branch ?? ""}|${entry.call_id}`) ?? null)
        : null;
    if (entry.usage) {
      tokens +=
        entry.usage.input_tokens +
        entry.usage.output_tokens +
        entry.usage.cache_read_tokens +
        entry.usage.cache_write_tokens;
      // the runner's figure when it sent one, else the price table's; neither: counted apart, never as $0
      const usageCost = entry.usage.cost_usd ?? entry.usage.computed_cost_usd;
      if (usageCost == null) unpriced += 1;
      else cost += usageCost;
    }
    const t = Date.parse(entry.time);
    const gap = lastTime !== null && t - lastTime >= GAP_SHOWN_MS ? t - lastTime : null;
    lastTime = Math.max(lastTime ?? t, t);
    items.push({
      entry,
      result,
      depth,
      startsBranch,
      gapMs: gap,
      totals: { tokens, costUsd: cost, unpriced },
      isError: entryIsError(entry, result),
      ...(synthetic ? { synthetic } : {}),
    });
  };
  const emitBranch = (branch: string, depth: number, seen: Set<string>) => {
    if (seen.has(branch)) return;
    seen.add(branch);
    if (collapsed.has(branch)) return;
    for (const e of byBranch.get(branch) ?? []) emit(e, depth, seen);
  };
  const emit = (e: TranscriptEntry, depth: number, seen: Set<string>) => {
    const started = e.kind === "tool_call" && e.call_id ? (branchesByCall.get(e.call_id) ?? []) : [];
    push(e, depth, started[0] ?? null);
    for (const b of started) emitBranch(b, depth + 1, seen);
  };
  const seen = new Set<string>();
  for (const e of mainWithOrphans) {
    const orphan = orphanAt.get(e.id);
    if (orphan) {
      push(e, 0, orphan, true);
      emitBranch(orphan, 1, seen);
      continue;
    }
    emit(e, 0, seen);
  }
  return items;
}

/** Text searched in an item: its text, tool name, and structured content as JSON. */
export function searchableText(item: DisplayItem): string {
  const parts = [item.entry.text ?? "", item.entry.tool ?? "", item.result?.text ?? ""];
  if (item.entry.content != null && item.entry.kind !== "usage")
    parts.push(JSON.stringify(item.entry.content));
  if (item.result?.content != null) parts.push(JSON.stringify(item.result.content));
  return parts.join("\n");
}

/** Indexes of items matching `query` (case-insensitive substring). */
export function findMatches(items: DisplayItem[], query: string): number[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const out: number[] = [];
  items.forEach((item, i) => {
    if (searchableText(item).toLowerCase().includes(q)) out.push(i);
  });
  return out;
}

/** Context size (input + cache read + cache write tokens) of each model call, for the chart. */
export function contextSeries(entries: TranscriptEntry[]): { time: number; tokens: number }[] {
  return entries
    .filter((e) => e.usage)
    .map((e) => ({
      time: Date.parse(e.time),
      tokens:
        (e.usage?.input_tokens ?? 0) + (e.usage?.cache_read_tokens ?? 0) + (e.usage?.cache_write_tokens ?? 0),
    }));
}
