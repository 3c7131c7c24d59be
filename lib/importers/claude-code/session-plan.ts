// First pass over a session file: record keys and times, the job id, which records belong to which sub-agent
// branch, the Task/Agent call that spawned each branch, and the usage of each API response.
import type { BranchRef } from "./emitter";
import { collectUsage, type UsageTotal } from "./messages";
import type { ImportOptions } from "./types";
import { baseName, isObj, isUuid, type Json, type JsonLine, name, parseJsonLines, parseTime } from "./util";

export type PlannedRecord = { line: number; rec: Json; key: string; time: number; branch?: BranchRef };

export type SessionPlan = {
  sessionId: string;
  /** Part of every event id: "main" for a session file, "agent-<id>" for a sub-agent file. */
  scope: string;
  /** A sub-agent file (agent-<id>.jsonl, subagents/agent-<id>.jsonl, or sidechain records only). */
  isBranchFile: boolean;
  records: PlannedRecord[];
  /** Usage per API response, by the index of its last record. */
  usage: Map<number, UsageTotal>;
  /** Call ids for tool_use blocks written without one, by assistant uuid. */
  assigned: Map<string, string[]>;
};

/** Text of a user prompt (a user record that is not tool results). */
export function promptOf(rec: Json): string | undefined {
  if (rec.type !== "user" || !isObj(rec.message)) return undefined;
  const c = rec.message.content;
  if (typeof c === "string") return c.trim() ? c : undefined;
  if (!Array.isArray(c) || c.some((b) => isObj(b) && b.type === "tool_result")) return undefined;
  const texts = c
    .map((b) => (typeof b === "string" ? b : isObj(b) && typeof b.text === "string" ? b.text : ""))
    .filter(Boolean);
  return texts.length ? texts.join("\n") : undefined;
}

/** Sub-agent files from Claude Code 2.1+ carry "agent-<id>" as their session id, not the parent's. */
const isAgentSession = (id: string) => id.startsWith("agent-");

/** Task/Agent calls (with their prompt) and the agent id each Task result names, from one or two files. */
function spawns(lines: JsonLine[]) {
  const tasks: { callId: string; prompt?: string; used: boolean }[] = [];
  const byAgent = new Map<string, string>();
  for (const { rec } of lines) {
    const content = isObj(rec.message) ? rec.message.content : undefined;
    if (!Array.isArray(content)) continue;
    for (const b of content) {
      if (!isObj(b)) continue;
      const input = isObj(b.input) ? b.input : {};
      const callId = name(b.id);
      if (
        b.type === "tool_use" &&
        callId &&
        (b.name === "Task" || b.name === "Agent" || name(input.subagent_type))
      ) {
        tasks.push({
          callId,
          prompt: typeof input.prompt === "string" ? input.prompt.trim() : undefined,
          used: false,
        });
      }
      const agentId = isObj(rec.toolUseResult) ? name(rec.toolUseResult.agentId) : undefined;
      if (b.type === "tool_result" && agentId && name(b.tool_use_id))
        byAgent.set(agentId, name(b.tool_use_id) ?? "");
    }
  }
  return { tasks, byAgent };
}

export function planSession(lines: JsonLine[], opts: ImportOptions, fallbackTime: number): SessionPlan {
  // Keys: the record's uuid, or its line when it has none or repeats one (the ids stay unique and stable).
  const seen = new Set<string>();
  const keys = lines.map(({ line, rec }) => {
    const uuid = name(rec.uuid);
    const key = uuid && !seen.has(uuid) ? uuid : `L${line}`;
    if (uuid) seen.add(uuid);
    return key;
  });
  // Times: a record without a valid timestamp takes the previous one (the first valid one at the start). A
  // timestamp later than the next valid one is lowered to it, so one stray late record does not push every
  // later event forward when the emitter keeps times non-decreasing.
  const parsed = lines.map(({ rec }) => parseTime(rec.timestamp));
  let next: number | undefined;
  for (let i = parsed.length - 1; i >= 0; i--) {
    const t = parsed[i];
    if (t === undefined) continue;
    if (next !== undefined && t > next) parsed[i] = next;
    next = parsed[i];
  }
  let current = parsed.find((t) => t !== undefined) ?? fallbackTime;
  const times = parsed.map((t) => {
    current = t ?? current;
    return current;
  });

  const stem = baseName(opts.fileName);
  const agentFromName = /^agent-(.+)$/.exec(stem)?.[1];
  const messages = lines.filter(({ rec }) => rec.type === "user" || rec.type === "assistant");
  const isBranchFile =
    agentFromName !== undefined ||
    /(^|[\\/])subagents[\\/][^\\/]*$/.test(opts.fileName) ||
    (messages.length > 0 && messages.every(({ rec }) => rec.isSidechain === true));

  const parentRaw = opts.parentLines ?? opts.parentText?.split("\n");
  const parentLines = parentRaw ? parseJsonLines(parentRaw).lines : [];
  const firstSession = (ls: JsonLine[]) =>
    ls.map(({ rec }) => name(rec.sessionId)).find((id) => id !== undefined && !isAgentSession(id));
  const anySession = lines.map(({ rec }) => name(rec.sessionId)).find((id) => id !== undefined);
  // <session>/subagents/agent-<id>.jsonl: the directory is named after the parent session.
  const dirSession = name(/([^\\/]+)[\\/]subagents[\\/][^\\/]*$/.exec(opts.fileName)?.[1]);
  const sessionId =
    name(opts.sessionId) ??
    (isBranchFile
      ? (firstSession(parentLines) ?? firstSession(lines) ?? dirSession ?? anySession)
      : isUuid(stem)
        ? stem
        : (firstSession(lines) ?? anySession)) ??
    name(stem) ??
    "claude-code-session";

  const fileBranch = isBranchFile
    ? (lines.map(({ rec }) => name(rec.agentId)).find(Boolean) ??
      name(agentFromName) ??
      keys[0] ??
      "sidechain")
    : undefined;

  // Branches: every record of a sub-agent file; in a session file the sidechain records, grouped by their
  // agentId or else by the sidechain they descend from (parentUuid chain up to its first record).
  const branchOfUuid = new Map<string, string>();
  const branches = lines.map(({ rec }, i) => {
    let b: string | undefined = fileBranch;
    if (!b && rec.isSidechain === true) {
      const parent = name(rec.parentUuid);
      b = name(rec.agentId) ?? (parent ? branchOfUuid.get(parent) : undefined) ?? keys[i];
    }
    const uuid = name(rec.uuid);
    if (uuid && b) branchOfUuid.set(uuid, b);
    return b;
  });

  // Each branch's spawning call: the Task result naming its agentId, else the first unused Task call whose
  // prompt is the branch's first prompt.
  const firstPrompt = new Map<string, string | undefined>();
  lines.forEach(({ rec }, i) => {
    const b = branches[i];
    if (b && firstPrompt.get(b) === undefined) firstPrompt.set(b, promptOf(rec)?.trim());
  });
  const { tasks, byAgent } = spawns([...parentLines, ...lines]);
  const refs = new Map<string, BranchRef>();
  for (const [branch, prompt] of firstPrompt) {
    let parentCallId = byAgent.get(branch);
    const task = parentCallId ? undefined : tasks.find((t) => !t.used && prompt && t.prompt === prompt);
    if (task) {
      task.used = true;
      parentCallId = task.callId;
    }
    refs.set(branch, parentCallId ? { branch, parentCallId } : { branch });
  }

  const assigned = new Map<string, string[]>();
  for (const { rec } of lines) {
    const source = name(rec.sourceToolUseID);
    const assistant = name(rec.sourceToolAssistantUUID);
    if (rec.type !== "user" || !source || !assistant) continue;
    const list = assigned.get(assistant) ?? [];
    if (!list.includes(source)) list.push(source);
    assigned.set(assistant, list);
  }

  return {
    sessionId,
    scope: fileBranch ? `agent-${fileBranch}` : "main",
    isBranchFile,
    records: lines.map(({ line, rec }, i) => {
      const b = branches[i];
      return {
        line,
        rec,
        key: keys[i] ?? `L${line}`,
        time: times[i] ?? fallbackTime,
        branch: b ? refs.get(b) : undefined,
      };
    }),
    usage: collectUsage(
      lines.map((l) => l.rec),
      keys,
    ),
    assigned,
  };
}
