// fleetwatch-claude-hook fed Claude Code hook input on stdin, against a real HTTP server.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { hookSamples } from "./claude-code-samples.test-helper";
import { sha256Hex } from "./ids";
import { startTestServer, type TestServer } from "./server.test-helper";
import { run } from "./spawn.test-helper";
import { readDropped, readLastError, senderRunning, spooledFiles } from "./spool";

const bin = path.resolve(import.meta.dirname, "../../bin/fleetwatch-claude-hook.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "fw-hook-"));
const repo = path.join(dir, "repo");
const transcript = path.join(dir, "transcript.jsonl");
const stateDir = path.join(dir, "state");
execFileSync("git", ["init", "-q", "-b", "fix/login", repo]);
execFileSync("git", ["-C", repo, "remote", "add", "origin", "https://bot:s3cret@github.com/acme/shop.git"]);
writeFileSync(transcript, '{"type":"user"}\n');

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ signingSecret: "fws_hook" });
});
afterEach(() => server.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLES = hookSamples({ transcript, cwd: repo });

// a spool of its own per test: a later test's server may get an earlier one's port (and so its spool)
let spoolRoot = "";
let spools = 0;
beforeEach(() => {
  spoolRoot = path.join(dir, `spool-${++spools}`);
});

const hook = (input: unknown, env: Record<string, string> = {}) =>
  run(process.execPath, [bin], {
    cwd: dir,
    input: typeof input === "string" ? input : JSON.stringify(input),
    env: {
      FLEETWATCH_URL: server.url,
      FLEETWATCH_KEY: "fwk_hook",
      FLEETWATCH_SIGNING_SECRET: "fws_hook",
      FLEETWATCH_AGENT: "laptop-claude",
      FLEETWATCH_HARNESS_VERSION: "2.1.80",
      FLEETWATCH_STATE_DIR: stateDir,
      FLEETWATCH_SPOOL_DIR: spoolRoot,
      FLEETWATCH_SENDER_IDLE_MS: "200",
      FLEETWATCH_SENDER_GIVE_UP_MS: "3000",
      ...env,
    },
  });

/** The spool of `url` (one per console and key), as the hook names it. */
const spoolOf = (url: string) => path.join(spoolRoot, sha256Hex(`${url}\nfwk_hook`).slice(0, 16));

/** Waits until the background sender emptied the spool and exited. */
async function drained(url = server.url, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (spooledFiles(spoolOf(url)).length > 0 || senderRunning(spoolOf(url))) {
    if (Date.now() > until) throw new Error(`the spool of ${url} did not drain`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Ev = { id: string; type: string; job?: string; agent?: string; data: Record<string, unknown> };
/**
 * Every event the console received, once per id: delivery is at least once (a sender that timed out on a slow
 * console sends its batch again, same ids, and the console stores each id once), so repeats are not new events.
 */
const allEvents = () => [
  ...new Map((server.requests.flatMap((r) => r.events) as Ev[]).map((e) => [e.id, e])).values(),
];

describe("fleetwatch-claude-hook", () => {
  it("reports every hook event as valid protocol events, silently, exit 0", async () => {
    const runs = await Promise.all(Object.values(SAMPLES).map((input) => hook(input)));
    for (const r of runs)
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 0,
        stdout: "",
        stderr: "",
      });
    await drained();
    const events = allEvents();
    for (const e of events) expect(parseEvent(e), JSON.stringify(e)).toMatchObject({ ok: true });
    const of = (type: string) => events.filter((e) => e.type === type);
    expect(of("job.started")).toEqual([
      expect.objectContaining({
        job: "sess-1",
        agent: "laptop-claude",
        data: expect.objectContaining({
          harness: "claude-code",
          harness_version: "2.1.80",
          model: "claude-sonnet-4-5",
          repo: "https://github.com/acme/shop.git",
          branch: "fix/login",
        }),
      }),
    ]);
    expect(
      of("job.tool_call")
        .map((e) => e.data.call_id)
        .sort(),
    ).toEqual(["toolu_01"]);
    expect(of("job.failed")).toHaveLength(1);
    expect(of("job.completed")).toHaveLength(1);
    const statuses = of("agent.heartbeat").map((e) => e.data.status as string);
    expect(statuses.sort()).toEqual(["busy", "idle", "idle", "idle", "idle", "waiting"]);
    for (const r of server.requests) expect(r.headers["fleetwatch-signature"]).toMatch(/^t=\d+,v1=/);
  });

  it("gives the same ids when Claude Code runs a hook twice: the server stores each once", async () => {
    for (const name of ["PreToolUse", "UserPromptSubmit", "SessionStart"]) {
      await hook(SAMPLES[name]);
      await hook(SAMPLES[name]);
    }
    await drained();
    const ids = server.requests.flatMap((r) => r.events as Ev[]).map((e) => e.id);
    // each hook call's events twice: 1 (PreToolUse) + 2 (prompt, heartbeat) + 2 (start, heartbeat) = 5 ids, each
    // sent at least twice (more should a sender time out on a slow console and send its batch again)
    const unique = [...new Set(ids)];
    expect(unique).toHaveLength(5);
    expect(unique).toContain("cc:sess-1:PreToolUse:toolu_01:call");
    for (const id of unique) expect(ids.filter((x) => x === id).length).toBeGreaterThanOrEqual(2);
    expect(server.stored).toHaveLength(unique.length);
  });

  it("tells apart the same prompt sent twice in a session (the transcript grew)", async () => {
    const t2 = path.join(dir, "t2.jsonl");
    writeFileSync(t2, "a\n");
    const input = { ...SAMPLES.UserPromptSubmit, transcript_path: t2 };
    await hook(input);
    writeFileSync(t2, "a\nb\nc\n");
    await hook(input);
    await drained();
    const [first, second] = allEvents()
      .filter((e) => e.type === "job.message")
      .map((e) => e.id);
    expect(first).toBeDefined();
    expect(first).not.toEqual(second);
  });

  it("ends a session whose last turn failed with job.failed, not job.completed", async () => {
    await hook({ ...SAMPLES.StopFailure, session_id: "sess-3" });
    await hook({ ...SAMPLES.SessionEnd, session_id: "sess-3", reason: "other" });
    // A later turn that succeeds clears the failure.
    await hook({ ...SAMPLES.StopFailure, session_id: "sess-4" });
    await hook({ ...SAMPLES.Stop, session_id: "sess-4" });
    await hook({ ...SAMPLES.SessionEnd, session_id: "sess-4" });
    await drained();
    const ends = allEvents().filter((e) => ["job.failed", "job.completed"].includes(e.type) && e.data.reason);
    expect(ends.find((e) => e.job === "sess-3")).toMatchObject({
      type: "job.failed",
      data: { error: { type: "rate_limit" }, reason: "other" },
    });
    expect(ends.find((e) => e.job === "sess-4")).toMatchObject({ type: "job.completed" });
  });

  it("never fails or waits on Claude Code: exit 0 at once on bad input, no configuration, a dead or silent server", async () => {
    const silent = await startTestServer();
    silent.script("hang", "hang", "hang");
    try {
      const runs = await Promise.all([
        hook("this is not json"),
        hook(""),
        hook(SAMPLES.Stop, { FLEETWATCH_URL: "" }),
        hook(SAMPLES.Stop, { FLEETWATCH_URL: "http://127.0.0.1:1" }),
        hook(SAMPLES.Stop, { FLEETWATCH_URL: silent.url }),
      ]);
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0]);
      for (const r of runs) expect(r.stdout).toBe("");
      expect(runs[0]?.stderr).toMatch(/not a JSON object/);
      expect(runs[2]?.stderr).toMatch(/FLEETWATCH_URL and FLEETWATCH_KEY are not set/);
      // the dead and the silent console: the hook only wrote the spool, the sender waits on them instead
      expect([runs[3]?.stderr, runs[4]?.stderr]).toEqual(["", ""]);
      expect(spooledFiles(spoolOf("http://127.0.0.1:1"))).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });

  it("loses nothing while the console answers 503, and delivers once it is back", async () => {
    server.script({ status: 503, body: {} }, { status: 503, body: {} }, { status: 503, body: {} });
    await hook(SAMPLES.PreToolUse);
    await hook(SAMPLES.Stop);
    await drained();
    // PreToolUse: the tool call (1); Stop: Claude's last message read from the transcript, the turn's log and
    // an idle heartbeat (3): 4 events, each stored once although 3 requests were answered 503
    expect(server.stored).toHaveLength(4);
    expect(server.requests.length).toBeGreaterThan(1);
  });

  it("bounds the spool: past FLEETWATCH_SPOOL_MAX_MB the oldest files go, counted and said", async () => {
    const dead = "http://127.0.0.1:1";
    const env = {
      FLEETWATCH_URL: dead,
      FLEETWATCH_SPOOL_MAX_MB: "0.001",
      FLEETWATCH_SENDER_GIVE_UP_MS: "200",
    };
    // 0.001 MB = 1,048 bytes (rounded down): a Stop file (Claude's message, a log and a heartbeat: 3 events, about
    // 900 bytes) fits once, not twice
    const first = await hook(SAMPLES.Stop, env);
    expect(first.stderr).toBe("");
    const second = await hook({ ...SAMPLES.Stop, session_id: "sess-9" }, env);
    expect(second.stderr).toMatch(/the spool is full \(1048 bytes\): dropped the 3 oldest event\(s\)/);
    expect(spooledFiles(spoolOf(dead))).toHaveLength(1);
    expect(readDropped(spoolOf(dead))).toBe(3);
  });

  it("reports a full spool's drops once on the job when the console is back, keeping the count until then", async () => {
    server.script(...Array.from({ length: 4 }, () => ({ status: 503, body: {} })));
    const env = { FLEETWATCH_SPOOL_MAX_MB: "0.001" };
    await hook(SAMPLES.Stop, env);
    const second = await hook({ ...SAMPLES.Stop, session_id: "sess-9" }, env);
    expect(second.stderr).toMatch(/dropped the 3 oldest event\(s\)/);
    // the sender is failing on the 503s: the count stays whole while it tries
    expect(readDropped(spoolOf(server.url))).toBe(3);
    await drained();
    const warnings = allEvents().filter(
      (e) => e.type === "job.log" && /dropped from the hook's spool/.test(String(e.data.message)),
    );
    // retried through the 503s under one id, stored once
    expect(new Set(warnings.map((w) => w.id)).size).toBe(1);
    expect(server.stored.filter((id) => id === warnings[0]?.id)).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      job: "sess-9",
      data: { level: "warn", message: expect.stringMatching(/^3 event\(s\)/) },
    });
    expect(readDropped(spoolOf(server.url))).toBe(0);
  });

  it("says on stderr why the last delivery failed, and still exits 0", async () => {
    server.script(
      ...Array.from({ length: 5 }, () => ({
        status: 401,
        body: { error: { code: "unauthorized", message: "Unknown API key." } },
      })),
    );
    const r = await hook(SAMPLES.Stop, { FLEETWATCH_SENDER_GIVE_UP_MS: "300" });
    expect(r.code).toBe(0);
    const until = Date.now() + 10_000;
    // the sender met the 401 in the background and left its reason for the next hook call
    while (!readLastError(spoolOf(server.url)) && Date.now() < until)
      await new Promise((x) => setTimeout(x, 50));
    const again = await hook(SAMPLES.Stop, { FLEETWATCH_SENDER_GIVE_UP_MS: "300" });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /the last delivery to http:\/\/127\.0\.0\.1:\d+ failed: .*HTTP 401\): Unknown API key\./,
    );
  });
});
