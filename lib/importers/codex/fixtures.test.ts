// The Codex importer against the real public samples in ../shared/fixtures/codex (see SOURCES.md there).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { detectCodex, importCodex, type RawEvent } from "./index";
import { expectWellFormed } from "./test-helpers";

const DIR = `${FIXTURES_DIR}/codex`;
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".jsonl"))
  .sort();
const read = (f: string) => readFileSync(path.join(DIR, f), "utf8");

const count = (events: RawEvent[], type: string) => events.filter((e) => e.type === type).length;
const sum = (events: RawEvent[], key: string) =>
  events.filter((e) => e.type === "job.usage").reduce((n, e) => n + (e.data[key] as number), 0);

/**
 * An independent token count, written differently from the importer's delta tracking: split the file's
 * cumulative snapshots (token_count totals, else turn.completed usage; null infos ignored) into runs that
 * never decrease, and add the LAST snapshot of each run. Repeats do not change a run's last snapshot, so
 * they cannot be double counted. Then convert: input excluding cached = input - cached.
 */
function independentTokens(text: string) {
  const snaps: number[][] = [];
  const turnSnaps: number[][] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    const p = JSON.parse(line).payload ?? {};
    const n = (o: Record<string, number>, ...k: string[]) =>
      k.map((x) => o[x]).find((v) => v !== undefined) ?? 0;
    if (p.type === "token_count" && p.info) {
      const t = p.info.total_token_usage ?? p.info;
      snaps.push([
        n(t, "input_tokens", "prompt"),
        n(t, "cached_input_tokens"),
        n(t, "output_tokens", "completion"),
      ]);
    }
    if (p.type === "turn.completed" && p.usage)
      turnSnaps.push([p.usage.input_tokens, p.usage.cached_input_tokens, p.usage.output_tokens]);
  }
  const all = snaps.length ? snaps : turnSnaps;
  const total = [0, 0, 0];
  all.forEach((s, i) => {
    const next = all[i + 1];
    const endOfRun = !next || next.some((v, k) => v < (s[k] ?? 0));
    if (endOfRun)
      s.forEach((v, k) => {
        total[k] = (total[k] ?? 0) + v;
      });
  });
  const [input = 0, cached = 0, output = 0] = total;
  return { input: input - cached, cached, output };
}

// Expected figures, read off the files with jq / python (not with the importer):
//  messages/calls/results: `jq -c 'select(.type=="response_item") | .payload | [.type, .role, .call_id // .id]'`
//    plus `jq -c 'select(.type=="event_msg") | .payload | [.type, .message, .call_id, .item.type]'`;
//    a fact Codex wrote in several channels counts once (see README.md).
//  tokens: `jq -c 'select(.payload.type=="token_count" or .payload.type=="turn.completed") |
//    (.payload.info.total_token_usage // .payload.info // .payload.usage)'`, cumulative, nulls skipped.
const EXPECTED: Record<
  string,
  {
    messages: number;
    calls: number;
    results: number;
    input: number;
    cached: number;
    output: number;
    end: string | null;
  }
> = {
  // token_count {prompt:1420, completion:910} (legacy names); the second token_count has info null.
  "codex_050_legacy.jsonl": {
    messages: 0,
    calls: 0,
    results: 0,
    input: 1420,
    cached: 0,
    output: 910,
    end: "job.completed",
  },
  // turn.completed usage is cumulative: 1420/380/910 then 2840/1420/1520 -> last total 2840 (1420 cached)
  // = input excl. cache 1420, cached 1420, output 1520 (not 4260/1800/2430 as a per-turn sum would give).
  "codex_051_usage.jsonl": {
    messages: 0,
    calls: 0,
    results: 0,
    input: 1420,
    cached: 1420,
    output: 1520,
    end: "job.completed",
  },
  // 980/0/640 then 1620/980/240: output went down, so the counter restarted; both totals count:
  // input 2600 - cached 980 = 1620, output 640 + 240 = 880. The three raw_item events are debug logs.
  "codex_052_raw.jsonl": {
    messages: 0,
    calls: 0,
    results: 0,
    input: 1620,
    cached: 980,
    output: 880,
    end: "job.completed",
  },
  // One total 12091 (10880 cached) / 182 output, then info null (skipped); ends on a rate-limit error.
  "codex_053_rate_limit.jsonl": {
    messages: 0,
    calls: 0,
    results: 0,
    input: 1211,
    cached: 10880,
    output: 182,
    end: "job.failed",
  },
  // role user + role assistant lines; function_call + function_result (paired by tool name); no tokens.
  "rollout-schema-drift.jsonl": {
    messages: 2,
    calls: 1,
    results: 1,
    input: 0,
    cached: 0,
    output: 0,
    end: "job.completed",
  },
  // messages: response_item message user(l6) assistant(l23) developer(l98, as system) + agent_message
  //   (inter-agent, l33 l116) + event user_message l71 l85 (l4 repeats l6) + item Plan l54, AgentMessage
  //   l102 l110 (event agent_message l24 repeats l23; item UserMessage l101 repeats l71/l85) = 10.
  // calls: response_item custom_tool_call x2, function_call x2, tool_search_call x2, web_search_call,
  //   image_generation_call = 8, plus UI events with their own call ids: web_search_end call-4,
  //   mcp_tool_call_end call-5, patch_apply_end call-6 = 11. Every other UI event / item carries the call id
  //   "[trimmed for fixture]" which the response items already hold. Results: 6 outputs + web search and
  //   image generation (complete items) + call-4..6 = 11.
  // tokens: total 16341 (3584 cached) / 81 at l22; l86 null; l87 all zero (a restart with nothing new).
  // end: a task_started (l97) has no task_complete: the rollout ends mid-turn, so no terminal event.
  "rollout-small-current.jsonl": {
    messages: 10,
    calls: 11,
    results: 11,
    input: 12757,
    cached: 3584,
    output: 81,
    end: null,
  },
};

describe("Codex importer on the fixtures", () => {
  it("has figures for every fixture file", () => {
    expect(FILES.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(FILES)("%s", (file) => {
    const text = read(file);
    const result = importCodex(text, { fileName: file });
    const want = EXPECTED[file];

    it("is detected as a rollout and imports without skipped lines, every event valid", () => {
      expect(detectCodex(text, file)).toBe("codex-rollout");
      expect(result.format).toBe("codex-rollout");
      expect(result.skipped).toEqual([]);
      expectWellFormed(result.events);
    });

    it("counts messages, tool calls, tool results and tokens as read off the file", () => {
      const ev = result.events;
      expect(count(ev, "job.message")).toBe(want?.messages);
      expect(count(ev, "job.tool_call")).toBe(want?.calls);
      expect(count(ev, "job.tool_result")).toBe(want?.results);
      expect(sum(ev, "input_tokens")).toBe(want?.input);
      expect(sum(ev, "cache_read_tokens")).toBe(want?.cached);
      expect(sum(ev, "output_tokens")).toBe(want?.output);
      expect(independentTokens(text)).toEqual({
        input: want?.input,
        cached: want?.cached,
        output: want?.output,
      });
    });

    it("ends as the file does", () => {
      const terminal = result.events.filter((e) =>
        ["job.completed", "job.failed", "job.cancelled"].includes(e.type),
      );
      expect(terminal.map((e) => e.type)).toEqual(want?.end ? [want.end] : []);
    });

    it("is deterministic: a re-import yields the very same events", () => {
      expect(importCodex(text, { fileName: file })).toEqual(result);
    });

    it("pairs every tool result with a tool call", () => {
      const calls = new Set(
        result.events.filter((e) => e.type === "job.tool_call").map((e) => e.data.call_id),
      );
      for (const r of result.events.filter((e) => e.type === "job.tool_result"))
        expect(calls).toContain(r.data.call_id);
    });
  });

  it("uses the session id as the job id, with harness facts from session_meta and turn_context", () => {
    const r = importCodex(read("rollout-small-current.jsonl"), { fileName: "rollout-small-current.jsonl" });
    expect(r.sessionId).toBe("019fc8be-3658-7ca3-9e29-000000000000");
    const started = r.events[0];
    expect(started).toMatchObject({
      id: "codex:019fc8be-3658-7ca3-9e29-000000000000:1:0",
      job: "019fc8be-3658-7ca3-9e29-000000000000",
      agent: "codex",
      time: "2026-08-03T10:48:56.000Z",
      data: {
        harness: "codex",
        harness_version: "0.146.0",
        model: "gpt-5.6-luna",
        title: "List the files",
        repo: "https://example.invalid/repo.git",
        branch: "main",
      },
    });
    const usage = r.events.filter((e) => e.type === "job.usage");
    expect(usage.map((e) => e.data)).toEqual([
      {
        model: "gpt-5.6-luna",
        input_tokens: 12757,
        cache_read_tokens: 3584,
        output_tokens: 81,
        reasoning_output_tokens: 63,
      },
    ]);
    expect(count(r.events, "job.thinking")).toBe(1); // encrypted-only reasoning (l39, l106) gives none
    const roles = r.events.filter((e) => e.type === "job.message").map((e) => e.data.role);
    expect(roles.filter((x) => x === "user")).toHaveLength(5);
    expect(roles.filter((x) => x === "assistant")).toHaveLength(4);
    expect(roles.filter((x) => x === "system")).toHaveLength(1);
    // lines whose timestamp is "[trimmed for fixture]" take the previous line's time
    expect(new Set(r.events.map((e) => e.time))).toEqual(new Set(["2026-08-03T10:48:56.000Z"]));
    // unknown record types are kept as debug logs with the raw record
    const raw = r.events.filter((e) => e.type === "job.log" && e.data.level === "debug");
    expect(raw.map((e) => e.data.message)).toContain("Unrecognized Codex event guardian_assessment");
    expect(raw.every((e) => typeof e.data.raw === "object")).toBe(true);
  });

  it("fails the rate-limited session with the error's own wording", () => {
    const r = importCodex(read("codex_053_rate_limit.jsonl"), { fileName: "codex_053_rate_limit.jsonl" });
    const failed = r.events.find((e) => e.type === "job.failed");
    expect(failed?.data).toEqual({
      error: { type: "rate_limit", message: "Rate limit exceeded", reset_at: "2025-10-31T13:05:12Z" },
      retryable: true,
    });
    expect(failed?.time).toBe("2025-10-31T17:00:20.000Z");
    expect(r.events.some((e) => e.type === "job.log" && e.data.level === "error")).toBe(true);
    expect(r.events.some((e) => e.type === "job.log" && e.data.level === "warn")).toBe(true); // rate limits at 85%
  });

  it("names a session without an id after its first record, and pairs an id-less result by tool name", () => {
    const r = importCodex(read("rollout-schema-drift.jsonl"), { fileName: "rollout-schema-drift.jsonl" });
    expect(r.sessionId).toBeNull();
    expect(r.events[0]?.job).toMatch(/^codex-[0-9a-f]{16}$/);
    expect(r.events[0]?.data).toMatchObject({ title: "Translate 'hello' to Spanish", model: "gpt-4o-mini" });
    const call = r.events.find((e) => e.type === "job.tool_call");
    const res = r.events.find((e) => e.type === "job.tool_result");
    expect(call?.data).toMatchObject({ tool: "translate", input: { text: "hello", to: "es" } });
    expect(res?.data).toEqual({ call_id: call?.data.call_id, output: "hola" });
  });
});
