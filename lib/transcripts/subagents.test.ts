// Issue 19, point 4: imported Claude Code sub-agents hang under the Task call that started them even when the
// files do not say so (imported apart, out of order, the call's record missing), a sub-agent without its call
// gets a "Sub-agent" node at its start, and nothing renders after "Job completed". From the real fixture files
// (cut to size, reordered, the call removed) through the importer and the transcript entry mapping to the tree.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importClaudeCode, type RawEvent } from "@/lib/importers/claude-code";
import { parseEvent } from "@/lib/ingest/protocol";
import { toTranscriptEntry } from "@/lib/ingest/transcript";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { buildDisplayItems, type DisplayItem } from "./display";
import type { TranscriptEntry } from "./schemas";

const DIR = join(FIXTURES_DIR, "claude-code");
const VIEWER = readFileSync(join(DIR, "viewer-session-5c0375b4.jsonl"), "utf8").split("\n");
const SESSION = "5c0375b4-57a5-4f26-b12d-d022ee4e51b7";
/** Lines of the viewer session, by their 1-based number in the file. */
const lines = (...n: number[]) => n.map((i) => VIEWER[i - 1]).join("\n");
// viewer-session-5c0375b4.jsonl: 1-2 the /orchestrator prompt, 3 assistant text, 13 Task call
// toolu_014YF9TXhDRR7BnpasNJ7gjC (prompt "Examine the package.json file(s)..."), 16-22 its sidechain (prompt,
// text, Glob + result, Read + result, summary), 23 the Task's result, 53 the last assistant text.
const TASK = "toolu_014YF9TXhDRR7BnpasNJ7gjC";

/** Events as the transcript API returns them: ingested entries, ordered by time, seq (absent last), id. */
function transcript(...events: RawEvent[][]): TranscriptEntry[] {
  const rows = events.flat().map((raw) => {
    const parsed = parseEvent(raw, new Date("2030-01-01"));
    if (!parsed.ok) throw new Error(parsed.error);
    return toTranscriptEntry(parsed.event, "p", "j");
  });
  const key = (r: (typeof rows)[number]) =>
    [r?.time?.toISOString(), String(r?.seq ?? Number.MAX_SAFE_INTEGER).padStart(20, "0"), r?.eventId].join(
      " ",
    );
  return rows
    .filter((r) => r !== null)
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .map((r) => ({
      id: r.eventId,
      time: (r.time as Date).toISOString(),
      seq: r.seq ?? null,
      kind: r.kind,
      role: r.role ?? null,
      branch: r.branch ?? null,
      branch_parent_call_id: r.branchParentCallId ?? null,
      call_id: r.callId ?? null,
      tool: r.tool ?? null,
      is_error: r.isError ?? null,
      text: r.text ?? null,
      content: r.content ?? null,
      truncated_from: null,
      usage: null,
    }));
}

/** One row per item: depth, and what it is (a tool call by its tool, a message by its role, a node, ...). */
const shape = (items: DisplayItem[]) =>
  items.map((i) => {
    const e = i.entry;
    const what = i.synthetic
      ? "SUB-AGENT NODE"
      : e.kind === "tool_call"
        ? `${e.tool}${i.result ? "+result" : ""}`
        : `${e.kind}${e.role ? `:${e.role}` : ""}`;
    return `${"  ".repeat(i.depth)}${what}${i.startsBranch ? " >" : ""}`;
  });

const importSession = (text: string) => importClaudeCode(text, { fileName: `${SESSION}.jsonl` }).events;

describe("sub-agents in the transcript tree", () => {
  it("nests a sidechain under its Task call, the completion last (the files as written)", () => {
    const items = buildDisplayItems(
      transcript(importSession(lines(1, 2, 3, 13, 16, 17, 18, 19, 20, 21, 22, 23, 53))),
    );
    // by hand: the two prompts, the assistant's text and its usage; the Task call (its result paired) and right
    // under it the branch: prompt, text, Glob (+result) and usage, Read (+result) and usage, summary and its
    // usage; then the Task call's own usage, the last text, its usage, and the job's completion
    expect(shape(items)).toEqual([
      "lifecycle:started",
      "message:user",
      "message:user",
      "message:assistant",
      "usage",
      "Task+result >",
      "  message:user",
      "  message:assistant",
      "  Glob+result",
      "  usage",
      "  Read+result",
      "  usage",
      "  message:assistant",
      "  usage",
      "usage",
      "message:assistant",
      "usage",
      "lifecycle:completed",
    ]);
    expect(items.find((i) => i.startsBranch)?.entry.call_id).toBe(TASK);
  });

  it("gives a sidechain whose Task call record is missing a Sub-agent node at its start", () => {
    // line 13 (the Task call) removed: nothing links the sidechain; its result stays, unpaired
    const items = buildDisplayItems(
      transcript(importSession(lines(1, 2, 3, 16, 17, 18, 19, 20, 21, 22, 23, 53))),
    );
    // the node sits at the sidechain's first record (09:52:27.016): after the assistant text of 09:52:07 and
    // its usage, before the Task's result (09:52:48.211), which now stands alone in the main thread
    expect(shape(items)).toEqual([
      "lifecycle:started",
      "message:user",
      "message:user",
      "message:assistant",
      "usage",
      "SUB-AGENT NODE >",
      "  message:user",
      "  message:assistant",
      "  Glob+result",
      "  usage",
      "  Read+result",
      "  usage",
      "  message:assistant",
      "  usage",
      "tool_result",
      "message:assistant",
      "usage",
      "lifecycle:completed",
    ]);
    expect(items[5]?.entry.time).toBe("2025-09-07T09:52:27.016Z");
  });

  it("attaches a sub-agent file imported apart (no link in its events) by the Task call's prompt", () => {
    const main = importSession(lines(1, 2, 3, 13, 23, 53));
    // the sidechain as a file of its own, imported without the parent (as when dropped alone on the Jobs page)
    const side = importClaudeCode(lines(16, 17, 18, 19, 20, 21, 22), {
      fileName: `${SESSION}/subagents/agent-b1.jsonl`,
    }).events;
    expect(side.every((e) => e.data.branch === "b1" && !e.data.branch_parent_call_id)).toBe(true);
    const items = buildDisplayItems(transcript(side, main)); // stored in any order, read back by time
    expect(shape(items).slice(5, 9)).toEqual([
      "Task+result >",
      "  message:user",
      "  message:assistant",
      "  Glob+result",
    ]);
    expect(items[5]?.startsBranch).toBe("b1");
    expect(shape(items).at(-1)).toBe("lifecycle:completed");
  });

  it("hangs a sub-agent that ran past the session's last record under the Task call, before Job completed", () => {
    // subagent-session: the parent's last record is its Task call (00:00:02, no id, no prompt, no result);
    // the sub-agent file's records run from 00:00:02.2 to 00:00:02.5, after the parent's completion
    const base = join(DIR, "subagent-session");
    const parentFile = "0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f.jsonl";
    const parent = importClaudeCode(readFileSync(join(base, parentFile), "utf8"), {
      fileName: parentFile,
    }).events;
    const child = importClaudeCode(
      readFileSync(join(base, "subagents/agent-a0ad4f44468bdf20d.jsonl"), "utf8"),
      {
        fileName: `${parentFile.slice(0, -6)}/subagents/agent-a0ad4f44468bdf20d.jsonl`,
      },
    ).events;
    const items = buildDisplayItems(transcript(child, parent));
    // by hand: the system log, the prompt, the text, the Task call (no result) starting the branch: the agent's
    // prompt, its text, its bash call (+result), its attachment log; the completion comes last
    expect(shape(items)).toEqual([
      "lifecycle:started",
      "log:debug",
      "message:user",
      "message:assistant",
      "Task >",
      "  message:user",
      "  message:assistant",
      "  bash+result",
      "  log:debug",
      "lifecycle:completed",
    ]);
  });

  it("prefers the Task result naming the agent over an earlier unclaimed call", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();
    const base = {
      seq: null,
      role: null,
      branch: null,
      branch_parent_call_id: null,
      is_error: null,
      text: null,
    };
    const rest = { content: null, truncated_from: null, usage: null };
    const call = (id: string, s: number): TranscriptEntry => ({
      ...base,
      ...rest,
      id,
      time: at(s),
      kind: "tool_call",
      call_id: id,
      tool: "Task",
    });
    const entries: TranscriptEntry[] = [
      call("t1", 1),
      call("t2", 2),
      {
        ...base,
        ...rest,
        id: "m",
        time: at(3),
        kind: "message",
        role: "user",
        branch: "agent-b",
        text: "go",
        call_id: null,
        tool: null,
      },
      {
        ...base,
        id: "r2",
        time: at(4),
        kind: "tool_result",
        call_id: "t2",
        tool: "Task",
        content: { agentId: "agent-b" },
        truncated_from: null,
        usage: null,
      },
      {
        ...base,
        ...rest,
        id: "done",
        time: at(5),
        kind: "lifecycle",
        role: "completed",
        call_id: null,
        tool: null,
      },
    ];
    // by time alone agent-b would take t1 (the earliest unclaimed call); t2's result names it
    expect(shape(buildDisplayItems(entries))).toEqual([
      "Task",
      "Task+result >",
      "  message:user",
      "lifecycle:completed",
    ]);
  });
});
