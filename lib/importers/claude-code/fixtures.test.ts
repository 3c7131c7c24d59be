// The Claude Code importer against the real public sample files in ../shared/fixtures/claude-code (see
// SOURCES.md there): every file imports, every event is valid, and the figures match counts made apart from
// the importer.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { importClaudeCode, type RawEvent } from "./index";

const DIR = `${FIXTURES_DIR}/claude-code`;
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)],
  );
const FILES = walk(DIR)
  .map((f) => relative(DIR, f))
  .sort();
const read = (rel: string) => readFileSync(join(DIR, rel), "utf8");
const load = (rel: string, extra: { parentText?: string } = {}) =>
  importClaudeCode(read(rel), { fileName: rel, ...extra });

const ofType = (events: RawEvent[], type: string) => events.filter((e) => e.type === type);
const inBranch = (events: RawEvent[], type: string) =>
  ofType(events, type).filter((e) => typeof e.data.branch === "string").length;
const tokens = (events: RawEvent[]) => {
  const sum = (f: string) => ofType(events, "job.usage").reduce((n, e) => n + (e.data[f] as number), 0);
  return {
    input: sum("input_tokens"),
    output: sum("output_tokens"),
    cacheRead: sum("cache_read_tokens"),
    cacheWrite: sum("cache_write_tokens"),
  };
};

// Expected figures, computed from the raw files with a separate Python pass (not the importer): records =
// JSON-object lines, skipped = other non-blank lines; messages = runs of consecutive content blocks of user or
// assistant messages that are not thinking, tool_use/server_tool_use or *tool_result (a string content is one
// text block); tool calls/results = tool_use / tool_result blocks plus the old schema's tool_use / tool_result
// records; branch = the same for records with isSidechain: true or in a sub-agent file; usage = one per
// (message.id, requestId) of assistant records with usage and a model other than "<synthetic>", each counter
// the largest over the response's lines, summed.
const EXPECTED: Record<
  string,
  {
    records: number;
    skipped: number;
    messages: number;
    thinking: number;
    toolCalls: number;
    toolResults: number;
    branch: [messages: number, toolCalls: number, toolResults: number];
    usageEvents: number;
    usageLines: number;
    tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  }
> = {
  "log-edge_cases.jsonl": {
    records: 16,
    skipped: 3,
    messages: 9,
    thinking: 0,
    toolCalls: 3,
    toolResults: 1,
    branch: [0, 0, 0],
    usageEvents: 4,
    usageLines: 4,
    tokens: { input: 488, output: 435, cacheRead: 0, cacheWrite: 0 },
  },
  "log-representative_messages.jsonl": {
    records: 12,
    skipped: 0,
    messages: 7,
    thinking: 0,
    toolCalls: 2,
    toolResults: 2,
    branch: [0, 0, 0],
    usageEvents: 5,
    usageLines: 5,
    tokens: { input: 218, output: 445, cacheRead: 0, cacheWrite: 0 },
  },
  "log-session_b.jsonl": {
    records: 3,
    skipped: 0,
    messages: 3,
    thinking: 0,
    toolCalls: 0,
    toolResults: 0,
    branch: [0, 0, 0],
    usageEvents: 1,
    usageLines: 1,
    tokens: { input: 20, output: 35, cacheRead: 0, cacheWrite: 0 },
  },
  "log-todowrite_examples.jsonl": {
    records: 12,
    skipped: 0,
    messages: 5,
    thinking: 0,
    toolCalls: 3,
    toolResults: 3,
    branch: [0, 0, 0],
    usageEvents: 6,
    usageLines: 6,
    tokens: { input: 883, output: 328, cacheRead: 0, cacheWrite: 0 },
  },
  "sessions-schema-drift.jsonl": {
    records: 10,
    skipped: 0,
    messages: 3,
    thinking: 0,
    toolCalls: 1,
    toolResults: 1,
    branch: [0, 0, 0],
    usageEvents: 0,
    usageLines: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  },
  "sessions-small-all-record-types.jsonl": {
    records: 89,
    skipped: 0,
    messages: 14,
    thinking: 6,
    toolCalls: 3,
    toolResults: 3,
    branch: [5, 1, 2],
    usageEvents: 2,
    usageLines: 6,
    tokens: { input: 10, output: 5, cacheRead: 0, cacheWrite: 0 },
  },
  "subagent-session/0a1b2c3d-4e5f-4061-8071-2a3b4c5d6e7f.jsonl": {
    records: 3,
    skipped: 0,
    messages: 2,
    thinking: 0,
    toolCalls: 1,
    toolResults: 0,
    branch: [0, 0, 0],
    usageEvents: 0,
    usageLines: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  },
  "subagent-session/subagents/agent-a0ad4f44468bdf20d.jsonl": {
    records: 4,
    skipped: 0,
    messages: 2,
    thinking: 0,
    toolCalls: 1,
    toolResults: 1,
    branch: [2, 1, 1],
    usageEvents: 0,
    usageLines: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  },
  "viewer-agent-sidechain.jsonl": {
    records: 2,
    skipped: 0,
    messages: 2,
    thinking: 0,
    toolCalls: 0,
    toolResults: 0,
    branch: [2, 0, 0],
    usageEvents: 1,
    usageLines: 1,
    tokens: { input: 100, output: 10, cacheRead: 0, cacheWrite: 0 },
  },
  "viewer-session-1af7fc5e.jsonl": {
    records: 29,
    skipped: 0,
    messages: 5,
    thinking: 0,
    toolCalls: 12,
    toolResults: 12,
    branch: [0, 0, 0],
    usageEvents: 7,
    usageLines: 15,
    tokens: { input: 93, output: 953, cacheRead: 103219, cacheWrite: 12698 },
  },
  "viewer-session-5c0375b4.jsonl": {
    records: 53,
    skipped: 0,
    messages: 11,
    thinking: 0,
    toolCalls: 21,
    toolResults: 21,
    branch: [6, 8, 8],
    usageEvents: 20,
    usageLines: 28,
    tokens: { input: 129, output: 3629, cacheRead: 324259, cacheWrite: 47747 },
  },
};

/** A second, plain count of the lines that carry usage: a split response repeats it on several lines. */
function usageLines(text: string): number {
  let n = 0;
  for (const line of text.split("\n")) {
    try {
      const r = JSON.parse(line);
      if (r?.type === "assistant" && r.message?.usage && r.message.model !== "<synthetic>") n++;
    } catch {}
  }
  return n;
}

describe("Claude Code importer on the fixtures", () => {
  it("finds every fixture file, and has figures for each", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(11);
    expect(FILES.filter((f) => f.endsWith(".jsonl")).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(FILES.filter((f) => f.endsWith(".jsonl")))("%s", (rel) => {
    const text = read(rel);
    const result = load(rel);
    const { events } = result;
    const want = EXPECTED[rel];

    it("imports as a session file into valid events, in order, with unique ids", () => {
      expect(result.format).toBe("claude-code-session");
      expect(result.sessionId).toBeTruthy();
      expect(events.length).toBeGreaterThan(0);
      for (const e of events) {
        const parsed = parseEvent(e);
        expect(parsed.ok ? "ok" : `${e.id}: ${parsed.error}`).toBe("ok");
        expect(e.job).toBe(result.sessionId);
      }
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
      const sorted = [...events].sort(
        (a, b) => Date.parse(a.time) - Date.parse(b.time) || (a.seq ?? 0) - (b.seq ?? 0),
      );
      expect(sorted.map((e) => e.id)).toEqual(events.map((e) => e.id));
    });

    it("has the expected messages, tool calls and results, branches and tokens", () => {
      if (!want) throw new Error(`no expected figures for ${rel}`);
      expect(result.skipped.length).toBe(want.skipped);
      expect(ofType(events, "job.message").length).toBe(want.messages);
      expect(ofType(events, "job.thinking").length).toBe(want.thinking);
      expect(ofType(events, "job.tool_call").length).toBe(want.toolCalls);
      expect(ofType(events, "job.tool_result").length).toBe(want.toolResults);
      expect([
        inBranch(events, "job.message"),
        inBranch(events, "job.tool_call"),
        inBranch(events, "job.tool_result"),
      ]).toEqual(want.branch);
      expect(ofType(events, "job.usage").length).toBe(want.usageEvents);
      expect(usageLines(text)).toBe(want.usageLines);
      expect(tokens(events)).toEqual(want.tokens);
    });

    it("is deterministic: the same file gives the same events and ids", () => {
      const again = importClaudeCode(text, { fileName: rel, time: "2030-01-01T00:00:00Z" });
      expect(again.events).toEqual(events);
    });

    it("survives being cut anywhere (a session still being written)", () => {
      for (const frac of [0.13, 0.5, 0.77, 0.999]) {
        const cut = importClaudeCode(text.slice(0, Math.floor(text.length * frac)), { fileName: rel });
        for (const e of cut.events) expect(parseEvent(e).ok).toBe(true);
      }
    });
  });
});
