// Which tool call started each sub-agent branch of a transcript. Decided when the transcript is shown, not only
// at import: a sub-agent file imported before its session (or alone, dropped on the Jobs page) carries no link,
// and a session cut short has no Task result. Evidence, strongest first:
//   1. the call id the runner or importer recorded (branch_parent_call_id), when that call is in the transcript;
//   2. a Task/Agent call whose result names the branch's agent id (Claude Code's toolUseResult.agentId);
//   3. a Task/Agent call whose prompt is the branch's first user message (what Claude Code sends the agent);
//   4. else the earliest unclaimed Task/Agent call made at or before the branch started, whose result names no
//      other agent and whose prompt (if both have one) is not another one: Claude Code writes the Task call
//      before the agent's first record, and parallel calls start their agents in order.
// A branch with none of these is an orphan: the viewer gives it a "Sub-agent" node of its own at its start.
import type { TranscriptEntry } from "./schemas";

const SPAWN_TOOLS = new Set(["Task", "Agent"]);

const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);

function isSpawn(e: TranscriptEntry): boolean {
  return (
    e.kind === "tool_call" &&
    !!e.call_id &&
    (SPAWN_TOOLS.has(e.tool ?? "") || typeof obj(e.content)?.subagent_type === "string")
  );
}

/** The agent a Task result names (Claude Code: toolUseResult.agentId, kept as the result's content). */
function agentOf(result: TranscriptEntry | null): string | null {
  const c = obj(result?.content);
  return text(c?.agentId) ?? text(c?.agent_id);
}

const promptOf = (call: TranscriptEntry) => text(obj(call.content)?.prompt);
const firstPrompt = (list: TranscriptEntry[]) =>
  text(list.find((e) => e.kind === "message" && e.role === "user")?.text);

export type BranchLinks = {
  /** Branches started by each call id, in the order they started. */
  byCall: Map<string, string[]>;
  /** Branches whose starting call is not in the transcript. */
  orphans: string[];
};

export function linkBranches(
  entries: TranscriptEntry[],
  byBranch: Map<string, TranscriptEntry[]>,
  resultOf: (call: TranscriptEntry) => TranscriptEntry | null,
): BranchLinks {
  const callIds = new Set(entries.filter((e) => e.kind === "tool_call" && e.call_id).map((e) => e.call_id));
  const spawns = entries.filter(isSpawn).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const parent = new Map<string, string>();
  const claimed = new Set<string>();
  const link = (branch: string, call: string) => {
    parent.set(branch, call);
    claimed.add(call);
  };
  const free = (s: TranscriptEntry, branch: string) =>
    !claimed.has(s.call_id as string) && s.branch !== branch; // a branch never starts inside itself

  for (const [branch, list] of byBranch) {
    const recorded = list.find((e) => e.branch_parent_call_id)?.branch_parent_call_id;
    if (recorded && callIds.has(recorded)) link(branch, recorded);
  }
  for (const s of spawns) {
    const agent = agentOf(resultOf(s));
    if (agent && byBranch.has(agent) && !parent.has(agent) && free(s, agent))
      link(agent, s.call_id as string);
  }
  const waiting = () =>
    [...byBranch]
      .filter(([branch]) => !parent.has(branch))
      .sort(([, a], [, b]) => Date.parse(a[0]?.time ?? "") - Date.parse(b[0]?.time ?? ""));
  for (const [branch, list] of waiting()) {
    const prompt = firstPrompt(list);
    const s = prompt ? spawns.find((c) => free(c, branch) && promptOf(c) === prompt) : undefined;
    if (s) link(branch, s.call_id as string);
  }
  for (const [branch, list] of waiting()) {
    const start = Date.parse(list[0]?.time ?? "");
    const prompt = firstPrompt(list);
    const s = spawns.find((c) => {
      if (!free(c, branch) || Date.parse(c.time) > start) return false;
      const agent = agentOf(resultOf(c));
      const other = promptOf(c);
      return (!agent || agent === branch) && !(prompt && other && other !== prompt);
    });
    if (s) link(branch, s.call_id as string);
  }

  const byCall = new Map<string, string[]>();
  for (const [branch] of [...byBranch].sort(
    ([, a], [, b]) => Date.parse(a[0]?.time ?? "") - Date.parse(b[0]?.time ?? ""),
  )) {
    const call = parent.get(branch);
    if (call) byCall.set(call, [...(byCall.get(call) ?? []), branch]);
  }
  return { byCall, orphans: [...byBranch.keys()].filter((b) => !parent.has(b)) };
}
