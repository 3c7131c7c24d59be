// fleetwatch-report as a subprocess against a real HTTP server.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { parseReportArgs, UsageError } from "./cli-args";
import { startTestServer, type TestServer } from "./server.test-helper";
import { run } from "./spawn.test-helper";
import { senderRunning, spoolDirFor, spooledFiles } from "./spool";

const bin = path.resolve(import.meta.dirname, "../../bin/fleetwatch-report.mjs");
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer({ signingSecret: "fws_cli" });
});
afterEach(() => server.close());

const report = (args: string[], env: Record<string, string> = {}, input?: string) =>
  run(process.execPath, [bin, ...args], {
    cwd: "/",
    input,
    env: {
      FLEETWATCH_URL: server.url,
      FLEETWATCH_KEY: "fwk_cli",
      FLEETWATCH_SIGNING_SECRET: "fws_cli",
      ...env,
    },
  });

describe("fleetwatch-report", () => {
  it("prints usage with --help", async () => {
    const r = await report(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: fleetwatch-report/);
  });

  it("reports job.started, job.log, job.completed and job.failed: silent, exit 0, signed, valid", async () => {
    const runs = await Promise.all([
      report(["job.started", "--job", "J", "--agent", "A", "--harness", "H", "--model", "M", "--title", "T"]),
      report(["job.log", "--job", "J", "--level", "warn", "--message", "disk 91% full", "--seq", "3"]),
      report(["job.completed", "--job", "J", "--summary", "done", "--pr", "https://github.com/o/r/pull/1"]),
      report([
        "job.failed",
        "--job",
        "J",
        "--message",
        "tests failed",
        "--type",
        "TestFailure",
        "--code",
        "E42",
        "--exit-code",
        "2",
      ]),
      report(["agent.heartbeat", "--agent", "A", "--status", "idle"]),
    ]);
    for (const r of runs)
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 0,
        stdout: "",
        stderr: "",
      });
    const events = server.requests.flatMap((r) => r.events);
    expect(events).toHaveLength(5);
    for (const e of events) expect(parseEvent(e)).toMatchObject({ ok: true });
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(byType["job.started"]).toMatchObject({
      job: "J",
      agent: "A",
      data: { harness: "H", model: "M", title: "T" },
    });
    expect(byType["job.log"]).toMatchObject({ seq: 3, data: { level: "warn", message: "disk 91% full" } });
    expect(byType["job.completed"]?.data).toEqual({
      summary: "done",
      artifacts: [{ kind: "pr", url: "https://github.com/o/r/pull/1" }],
    });
    expect(byType["job.failed"]?.data).toEqual({
      error: { message: "tests failed", type: "TestFailure", code: "E42", exit_code: 2 },
    });
    expect(byType["agent.heartbeat"]).toMatchObject({ agent: "A", data: { status: "idle" } });
  });

  it("takes --data, --id and --time, and prints a line with --verbose", async () => {
    const r = await report([
      "job.log",
      "--job",
      "J",
      "--message",
      "m",
      "--data",
      '{"step": 4, "level": "debug"}',
      "--id",
      "log-4",
      "--time",
      "2026-11-22T10:00:00+01:00",
      "--verbose",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sent log-4 to http:\/\/127\.0\.0\.1:\d+\/api\/v1\/events: 1 accepted/);
    expect(server.requests[0]?.events[0]).toEqual({
      id: "log-4",
      type: "job.log",
      time: "2026-11-22T10:00:00+01:00",
      job: "J",
      data: { step: 4, level: "debug", message: "m" },
    });
  });

  it("lets --url and --key override the environment", async () => {
    const r = await report(["job.cancelled", "--job", "J", "--url", server.url, "--key", "fwk_flag"], {
      FLEETWATCH_URL: "http://127.0.0.1:9",
      FLEETWATCH_KEY: "fwk_env",
    });
    expect(r.code).toBe(0);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer fwk_flag");
  });

  it("exits 1 with the server's message on a permanent failure", async () => {
    server.script({
      status: 403,
      body: { error: { code: "forbidden", message: "This API key was revoked." } },
    });
    const r = await report(["job.log", "--job", "J", "--message", "m"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 403\): This API key was revoked\./);
    expect(server.requests).toHaveLength(1);
  });

  it("exits 1 when the server rejects the event (207)", async () => {
    const r = await report([
      "job.usage",
      "--job",
      "J",
      "--model",
      "m",
      "--input-tokens",
      "1",
      "--output-tokens",
      "1",
      "--data",
      '{"cost_usd": -1}',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rejected 1 of 1 events .*data\.cost_usd/);
  });

  it("retries a 503 and succeeds", async () => {
    server.script({ status: 503, headers: { "retry-after": "0" } });
    const r = await report(["job.log", "--job", "J", "--message", "m"]);
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(2);
  });

  it("exits 2 on a usage error, before sending anything", async () => {
    const runs = await Promise.all([
      report(["job.failed", "--job", "J"]),
      report(["job.nope", "--job", "J"]),
      report(["job.log", "--message", "no job"]),
      report(["job.log", "--job", "J", "--message", "m", "--tool", "x"]),
      report(["job.log", "--job", "J", "--message", "m"], { FLEETWATCH_URL: "" }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2, 2]);
    expect(runs.map((r) => r.stderr.split("\n")[0])).toEqual([
      "fleetwatch-report: job.failed needs --message.",
      expect.stringMatching(/Unknown event type "job\.nope"/),
      "fleetwatch-report: job.log needs --job (or FLEETWATCH_JOB).",
      "fleetwatch-report: --tool does not apply to job.log.",
      "fleetwatch-report: No server: set FLEETWATCH_URL or pass --url.",
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("reads JSON lines with --stdin", async () => {
    const lines = [
      { id: "s1", type: "job.queued", job: "J2", data: { title: "queued" } },
      { id: "s2", type: "job.cancelled", job: "J2", data: { reason: "superseded" } },
    ];
    const r = await report(["--stdin"], {}, lines.map((l) => JSON.stringify(l)).join("\n"));
    expect(r.code).toBe(0);
    expect(server.stored).toEqual(["s1", "s2"]);
  });
});

describe("parseReportArgs", () => {
  it("--spool returns at once with the console down, and the background sender delivers once it is up", async () => {
    const spoolRoot = mkdtempSync(path.join(tmpdir(), "fw-report-spool-"));
    const env = { FLEETWATCH_SPOOL_DIR: spoolRoot, FLEETWATCH_SENDER_IDLE_MS: "200" };
    // the console answers 503 four times: without --spool, 5 attempts with backoff; with it, the script goes on
    server.script(...Array.from({ length: 4 }, () => ({ status: 503, body: {} })));
    const r = await report(
      ["job.log", "--job", "J", "--message", "deploy started", "--id", "spooled-1", "--spool", "-v"],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^spooled spooled-1 in /);
    const dir = spoolDirFor(env, server.url, "fwk_cli");
    const until = Date.now() + 15_000;
    while ((spooledFiles(dir).length > 0 || senderRunning(dir)) && Date.now() < until)
      await new Promise((x) => setTimeout(x, 50));
    // stored once, after the 503s, signed like any request
    expect(server.stored).toEqual(["spooled-1"]);
    expect(server.requests.length).toBeGreaterThan(1);
    for (const q of server.requests) expect(q.headers["fleetwatch-signature"]).toMatch(/^t=\d+,v1=/);
  });

  it("maps typed flags into data", () => {
    const args = parseReportArgs(
      [
        "job.tool_result",
        "--job",
        "J",
        "--call-id",
        "c1",
        "--output",
        '{"ok":true}',
        "--is-error",
        "--duration-ms",
        "12.5",
      ],
      {},
    );
    expect(args.event).toEqual({
      type: "job.tool_result",
      job: "J",
      data: { call_id: "c1", output: { ok: true }, is_error: true, duration_ms: 12.5 },
    });
    const started = parseReportArgs(["job.started", "--harness", "h", "--label", "env=prod"], {
      FLEETWATCH_JOB: "JE",
      FLEETWATCH_AGENT: "AE",
    });
    expect(started.event).toMatchObject({ job: "JE", agent: "AE", data: { labels: { env: "prod" } } });
    expect(() => parseReportArgs(["job.log", "--job", "J", "--message", "m", "--seq", "x"], {})).toThrow(
      UsageError,
    );
    expect(() => parseReportArgs(["job.log", "--job", "J", "--message", "m", "--time", "never"], {})).toThrow(
      /--time/,
    );
  });
});
