// "Never a crash": every field of every known record, replaced by values of the wrong type, still imports
// into valid events, with nothing reported as unmappable.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { importCodex } from "./index";
import { TEXT } from "./sample-rollout";
import { jsonl } from "./test-helpers";

const DIR = `${FIXTURES_DIR}/codex`;
const EXEC = jsonl([
  { type: "thread.started", thread_id: "0199a213-81c0-7800-8aa1-bbab2a035a53" },
  { type: "turn.started" },
  {
    type: "item.started",
    item: { id: "item_1", type: "command_execution", command: "ls", status: "in_progress" },
  },
  {
    type: "item.completed",
    item: {
      id: "item_1",
      type: "command_execution",
      command: "ls",
      aggregated_output: "a",
      exit_code: 0,
      status: "completed",
    },
  },
  {
    type: "item.completed",
    item: {
      id: "item_2",
      type: "mcp_tool_call",
      server: "s",
      tool: "t",
      arguments: {},
      result: { content: [] },
      status: "completed",
    },
  },
  {
    type: "item.completed",
    item: { id: "item_3", type: "todo_list", items: [{ text: "a", completed: true }] },
  },
  { type: "item.completed", item: { id: "item_4", type: "agent_message", text: "done" } },
  { type: "turn.failed", error: { message: "boom" } },
  { type: "turn.completed", usage: { input_tokens: 10, cached_input_tokens: 5, output_tokens: 1 } },
  { id: "1", msg: { type: "exec_command_end", call_id: "c", stdout: "x", exit_code: 2 } },
]);
const WRONG: unknown[] = [null, -1, 1e21, "", "x".repeat(300), [], [null, 1, "a", { text: 5 }], {}, true];

/** Copies of `record` with one value (at any depth up to 4) replaced by each wrong value. */
function variants(record: unknown): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 4 || typeof node !== "object" || node === null) return;
    const o = node as Record<string, unknown>;
    // arrays: their first two elements stand for the rest (keeps big records quick)
    for (const key of Object.keys(o).slice(0, Array.isArray(o) ? 2 : undefined)) {
      const original = o[key];
      for (const w of WRONG) {
        o[key] = w;
        out.push(structuredClone(record));
      }
      o[key] = original;
      walk(original, depth + 1);
    }
  };
  walk(record, 0);
  return out;
}

const sources = [...readdirSync(DIR).map((f) => readFileSync(path.join(DIR, f), "utf8")), TEXT, EXEC];

describe("Codex importer robustness", () => {
  it.each(sources.map((s, i) => [i, s]))("source %i: mutated records import into valid events", (_, text) => {
    const lines = text.split("\n").filter((l) => l.trim());
    for (const line of lines) {
      const mutated = variants(JSON.parse(line)).map((v) => JSON.stringify(v));
      for (const fileName of ["rollout-x.jsonl", "run.jsonl"]) {
        const r = importCodex([lines[0], ...mutated].join("\n"), { fileName });
        expect(r.skipped.filter((s) => s.reason.startsWith("could not"))).toEqual([]);
        for (const e of r.events) {
          const p = parseEvent(e);
          if (!p.ok) expect(`${p.error} in ${JSON.stringify(e).slice(0, 300)}`).toBe("valid");
        }
      }
    }
  });
});
