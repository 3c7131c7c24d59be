// Sub-agents: sidechains of a session file and sub-agent files (agent-<id>.jsonl beside the session, newer
// <session>/subagents/agent-<id>.jsonl) go to the parent session's job, one branch each, linked to the
// Task/Agent call that spawned them where the files tell.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { importClaudeCode, type RawEvent } from "./index";

const DIR = `${FIXTURES_DIR}/claude-code`;
const read = (rel: string) => readFileSync(join(DIR, rel), "utf8");
const load = (rel: string, opts: { parentText?: string; fileName?: string } = {}) =>
  importClaudeCode(read(rel), { fileName: rel, ...opts });
const PARENT = "subagent-session/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f.jsonl";
const CHILD = "subagent-session/subagents/agent-a0ad4f44468bdf20d.jsonl";
const byType = (events: RawEvent[], type: string) => events.filter((e) => e.type === type);

describe("sub-agents", () => {
  it("puts sidechains of a session file in branches linked to the Task call that spawned them", () => {
    const { events } = load("viewer-session-5c0375b4.jsonl");
    const branches = new Map<string, { parent: unknown; n: number }>();
    for (const e of events.filter((x) => x.type !== "job.started" && x.data.branch)) {
      const b = branches.get(String(e.data.branch)) ?? { parent: e.data.branch_parent_call_id, n: 0 };
      expect(e.data.branch_parent_call_id).toBe(b.parent);
      branches.set(String(e.data.branch), { ...b, n: b.n + 1 });
    }
    expect([...branches.values()]).toEqual([
      { parent: "toolu_014YF9TXhDRR7BnpasNJ7gjC", n: 10 },
      { parent: "toolu_01LKfUwrsnof18CpWZQcJH44", n: 22 },
    ]);
  });

  it("imports a sub-agent file into the parent's job as one branch, without lifecycle events", () => {
    const child = load(CHILD, { parentText: read(PARENT) });
    expect(child.sessionId).toBe("0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f");
    expect(child.events.every((e) => e.data.branch === "a0ad4f44468bdf20d")).toBe(true);
    expect(child.events.some((e) => /^job\.(started|completed|failed)$/.test(e.type))).toBe(false);
    // Without the parent, the job id comes from the <session>/subagents/ directory.
    const alone = importClaudeCode(read(CHILD), {
      fileName:
        "/home/u/.claude/projects/p/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f/subagents/agent-a0ad4f44468bdf20d.jsonl",
    });
    expect(alone.sessionId).toBe("0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f");
    expect(alone.events.map((e) => e.id)).toEqual(child.events.map((e) => e.id));
    const parent = load(PARENT);
    const ids = new Set(parent.events.map((e) => e.id));
    expect(child.events.filter((e) => ids.has(e.id))).toEqual([]);
  });

  it("links a sub-agent file to its Task call by the Task result's agentId or by its prompt", () => {
    const task = (id: string, prompt?: string) => ({
      type: "assistant",
      sessionId: "0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f",
      uuid: `a-${id}`,
      timestamp: "2025-12-16T00:00:02Z",
      message: {
        id: `m-${id}`,
        role: "assistant",
        content: [{ type: "tool_use", id, name: "Task", input: { description: "search", prompt } }],
      },
    });
    const byPrompt = [
      task("toolu_other", "Something else"),
      task("toolu_p", "Search the repo for TODO comments"),
    ];
    const linked = load(CHILD, { parentText: byPrompt.map((l) => JSON.stringify(l)).join("\n") });
    expect(new Set(linked.events.map((e) => e.data.branch_parent_call_id))).toEqual(new Set(["toolu_p"]));

    const result = {
      type: "user",
      sessionId: "0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f",
      uuid: "u-r",
      timestamp: "2025-12-16T00:00:03Z",
      toolUseResult: {
        status: "completed",
        agentId: "a0ad4f44468bdf20d",
        content: [{ type: "text", text: "done" }],
      },
      message: {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "toolu_a", content: [{ type: "text", text: "done" }] }],
      },
    };
    const byAgent = [task("toolu_a"), result].map((l) => JSON.stringify(l)).join("\n");
    const viaAgent = load(CHILD, { parentText: byAgent });
    expect(new Set(viaAgent.events.map((e) => e.data.branch_parent_call_id))).toEqual(new Set(["toolu_a"]));
    const parentResult = byType(
      importClaudeCode(byAgent, { fileName: "p.jsonl" }).events,
      "job.tool_result",
    )[0];
    expect(parentResult?.data.agent_id).toBe("a0ad4f44468bdf20d");
  });

  it("imports an old-style agent-<id>.jsonl beside the session into the session's job", () => {
    const side = load("viewer-agent-sidechain.jsonl", { fileName: "agent-test-hash-123.jsonl" });
    expect(side.sessionId).toBe("5c0375b4-57a5-4f26-b12d-d022ee4e51b7");
    expect(side.events.every((e) => e.data.branch === "test-hash-123")).toBe(true);
    const main = new Set(load("viewer-session-5c0375b4.jsonl").events.map((e) => e.id));
    expect(side.events.filter((e) => main.has(e.id))).toEqual([]);
  });
});
