import { describe, expect, it } from "vitest";
import { buildDisplayItems, contextSeries, findMatches } from "./display";
import type { TranscriptEntry } from "./schemas";

let n = 0;
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();
function entry(p: Partial<TranscriptEntry> & Pick<TranscriptEntry, "kind">): TranscriptEntry {
  n += 1;
  return {
    id: p.id ?? `e${n}`,
    time: p.time ?? at(n),
    seq: null,
    role: null,
    branch: null,
    branch_parent_call_id: null,
    call_id: null,
    tool: null,
    is_error: null,
    text: null,
    content: null,
    truncated_from: null,
    usage: null,
    ...p,
  };
}

describe("buildDisplayItems", () => {
  const prompt = entry({ kind: "message", role: "user", text: "Fix the bug", time: at(0) });
  const task = entry({ kind: "tool_call", call_id: "t1", tool: "Task", time: at(1) });
  const sub1 = entry({
    kind: "message",
    role: "user",
    text: "Find callers",
    branch: "a1",
    branch_parent_call_id: "t1",
    time: at(2),
  });
  const subCall = entry({
    kind: "tool_call",
    call_id: "g1",
    tool: "Grep",
    branch: "a1",
    branch_parent_call_id: "t1",
    time: at(3),
  });
  const subResult = entry({
    kind: "tool_result",
    call_id: "g1",
    text: "3 matches",
    branch: "a1",
    branch_parent_call_id: "t1",
    time: at(4),
  });
  const taskResult = entry({ kind: "tool_result", call_id: "t1", text: "done", time: at(5) });
  const usage = entry({
    kind: "usage",
    time: at(70),
    usage: {
      model: "m",
      input_tokens: 10,
      output_tokens: 5,
      cache_read_tokens: 100,
      cache_write_tokens: 0,
      cost_usd: 0.5,
      computed_cost_usd: 0.4,
      cost_source: "reported",
    },
  });
  const failedRun = entry({ kind: "tool_call", call_id: "b1", tool: "Bash", time: at(71) });
  const failedResult = entry({
    kind: "tool_result",
    call_id: "b1",
    is_error: true,
    text: "exit 1",
    time: at(72),
  });
  const all = [prompt, task, sub1, subCall, subResult, taskResult, usage, failedRun, failedResult];

  it("pairs calls with results and nests the branch under the call that started it", () => {
    const items = buildDisplayItems(all);
    expect(items.map((i) => [i.entry.id, i.depth, i.result?.id ?? null])).toEqual([
      [prompt.id, 0, null],
      [task.id, 0, taskResult.id],
      [sub1.id, 1, null],
      [subCall.id, 1, subResult.id],
      [usage.id, 0, null],
      [failedRun.id, 0, failedResult.id],
    ]);
    expect(items[1]?.startsBranch).toBe("a1");
  });

  it("hides a collapsed branch", () => {
    expect(buildDisplayItems(all, new Set(["a1"])).map((i) => i.entry.id)).toEqual([
      prompt.id,
      task.id,
      usage.id,
      failedRun.id,
    ]);
  });

  it("keeps running totals, gaps and errors", () => {
    const items = buildDisplayItems(all);
    expect(items.at(-1)?.totals).toEqual({ tokens: 115, costUsd: 0.5, unpriced: 0 }); // reported wins over 0.4
    expect(items.find((i) => i.entry.id === usage.id)?.gapMs).toBe(67_000); // since the last shown item (the sub-agent grep at 3 s);
    expect(items.filter((i) => i.isError).map((i) => i.entry.id)).toEqual([failedRun.id]);
  });

  it("counts the price table's cost where the runner reported none, and unpriced usage apart (never as $0)", () => {
    const usageOf = (cost: number | null, computed: number | null, tokens: number) =>
      entry({
        kind: "usage",
        usage: {
          model: "m",
          input_tokens: tokens,
          output_tokens: 0,
          cache_read_tokens: 2 * tokens,
          cache_write_tokens: 3 * tokens,
          cost_usd: cost,
          computed_cost_usd: computed,
          cost_source: cost != null ? "reported" : computed != null ? "computed" : "unpriced",
        },
      });
    const items = buildDisplayItems([
      usageOf(0.25, null, 1),
      usageOf(null, 0.125, 10),
      usageOf(null, null, 100),
    ]);
    // tokens: (1+2+3) + (10+20+30) + (100+200+300) = 666, cache included; cost 0.25 reported + 0.125 computed
    expect(items.map((i) => i.totals)).toEqual([
      { tokens: 6, costUsd: 0.25, unpriced: 0 },
      { tokens: 66, costUsd: 0.375, unpriced: 0 },
      { tokens: 666, costUsd: 0.375, unpriced: 1 },
    ]);
  });

  it("gives a branch whose starting call is unknown a Sub-agent node where it first appears", () => {
    const orphan = entry({ kind: "message", role: "assistant", text: "side", branch: "zz", time: at(2) });
    const items = buildDisplayItems([prompt, orphan, usage]);
    expect(items.map((i) => [i.entry.id, i.depth])).toEqual([
      [prompt.id, 0],
      [`subagent-${orphan.id}`, 0],
      [orphan.id, 1],
      [usage.id, 0],
    ]);
  });

  it("finds matches in text, tool names and results, and charts context size", () => {
    const items = buildDisplayItems(all);
    expect(findMatches(items, "MATCHES")).toEqual([3]);
    expect(findMatches(items, "bash")).toEqual([5]);
    expect(findMatches(items, "  ")).toEqual([]);
    expect(contextSeries(all)).toEqual([{ time: Date.parse(usage.time), tokens: 110 }]);
  });
});
