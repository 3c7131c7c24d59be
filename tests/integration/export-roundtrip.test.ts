// `npm run export` then `npm run import` (locally and with --url against the real events route): a project's
// events of a range come back into another project unchanged, and its jobs project the same.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { ingestBatch } from "@/lib/ingest/ingest";
import type { WireEvent } from "@/lib/simulator";
import { FleetStream } from "@/lib/simulator";
import { createTestProject } from "../helpers/db";
import { projected } from "../helpers/projections";
import { type RouteServer, serveRoute } from "../helpers/route-server";

const root = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-export-"));
const NOW = Date.parse("2026-11-20T15:10:00Z");
// The fleet runs 2 days up to NOW; the range is the middle 24 hours, so jobs start before it, end after it,
// and some fall wholly outside.
const FROM = "2026-11-19T03:00:00Z";
const TO = "2026-11-20T03:00:00Z";

let handle: DbHandle;
let routeServer: RouteServer;
beforeAll(async () => {
  handle = await getDbHandle();
  routeServer = await serveRoute(postEvents);
});
afterAll(async () => {
  await routeServer.close();
  await handle.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function cli(
  script: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), [script, ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: "silent" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Events outside the fleet's shape: secrets (redacted on the way in), a tool output over the cap, the edges. */
function extras(): WireEvent[] {
  const big = `key sk-ant-api03-${"Q7x".repeat(10)}\n${"x".repeat(90_000)}\n${"y".repeat(60_000)}`;
  const at = (t: string) => ({ time: t, job: "edge-job", agent: "edge-agent" });
  return [
    {
      id: "edge-start",
      type: "job.started",
      ...at(FROM),
      seq: 0,
      data: { harness: "h", model: "claude-sonnet-4-5" },
    },
    {
      id: "edge-secret",
      type: "job.tool_call",
      ...at("2026-11-19T10:00:00.123Z"),
      seq: 1,
      data: { call_id: "c1", tool: "bash", input: { password: "hunter2-very-secret", cmd: "ls" } },
    },
    {
      id: "edge-big",
      type: "job.tool_result",
      ...at("2026-11-19T10:00:01Z"),
      seq: 2,
      data: { call_id: "c1", output: big, n: 0.1, huge: 1.5e300, exact: 0.30000000000000004 },
    },
    {
      id: "edge-usage",
      type: "job.usage",
      ...at("2026-11-19T10:00:02Z"),
      seq: 3,
      data: { model: "claude-sonnet-4-5", input_tokens: 1200, output_tokens: 300, cost_usd: 0.0123 },
    },
    {
      id: "edge-done",
      type: "job.completed",
      ...at("2026-11-19T11:00:00Z"),
      seq: 4,
      data: { summary: "done" },
    },
    // exactly at `to`: outside [from, to); just before `from`: outside too
    { id: "edge-at-to", type: "job.log", ...at(TO), data: { level: "info", message: "at to" } },
    {
      id: "edge-before",
      type: "job.log",
      ...at("2026-11-19T02:59:59.999Z"),
      data: { level: "info", message: "before" },
    },
  ] as WireEvent[];
}

async function ingestFleet(projectId: string) {
  const stream = new FleetStream({ agents: 6, days: 2, jobsPerDay: 40, seed: 17, now: NOW });
  let batch: WireEvent[] = extras();
  for (const e of stream.until(NOW)) {
    batch.push(e);
    if (batch.length >= 500) {
      const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: batch });
      expect(r.rejected).toBe(0);
      batch = [];
    }
  }
  const r = await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: batch });
  expect(r.rejected).toBe(0);
}

type Ev = {
  id: string;
  type: string;
  t: string;
  job: string | null;
  agent: string | null;
  seq: string | null;
  data: string;
};
/** The stored events, time to the microsecond and data as jsonb text; A's limited to the range. */
async function events(projectId: string, range: boolean): Promise<Ev[]> {
  const within = range ? sql`and time >= ${FROM}::timestamptz and time < ${TO}::timestamptz` : sql``;
  return (await handle.db.execute(sql`
    select id, type, (extract(epoch from time) * 1000000)::bigint::text as t, job_external_id as job,
           agent_name as agent, seq::text as seq, data::text as data
    from event where project_id = ${projectId} ${within} order by id collate "C"`)) as unknown as Ev[];
}

type JobRow = Record<string, string | number | null>;
/** Each job's projection, with its transcript entry count. */
async function jobs(projectId: string, externalIds?: string[]): Promise<JobRow[]> {
  const only = externalIds
    ? sql`and j.external_id in (select jsonb_array_elements_text(${JSON.stringify(externalIds)}::jsonb))`
    : sql``;
  return (await handle.db.execute(sql`
    select j.external_id, j.status, j.agent_name, j.title, j.harness, j.model, j.parent_external_id,
           j.started_at::text, j.ended_at::text, j.failure_class, j.summary, j.error::text,
           j.cost_usd::text, j.reported_cost_usd::text, j.computed_cost_usd::text, j.unpriced_usage_events,
           j.input_tokens, j.output_tokens, j.cache_read_tokens, j.cache_write_tokens, j.event_count,
           (select count(*)::int from transcript_entry t where t.job_id = j.id) as entries
    from job j where j.project_id = ${projectId} ${only} order by j.external_id collate "C"`)) as unknown as JobRow[];
}

/** Jobs all of whose events (in A) fall in the range: their projection must come back whole. */
async function jobsWhollyInRange(projectId: string): Promise<string[]> {
  const rows = (await handle.db.execute(sql`
    select job_external_id as job from event where project_id = ${projectId} and job_external_id is not null
    group by 1 having min(time) >= ${FROM}::timestamptz and max(time) < ${TO}::timestamptz`)) as unknown as {
    job: string;
  }[];
  return rows.map((r) => r.job);
}

describe("export then import", () => {
  let a: { id: string; slug: string };
  let file: string;
  let inRange: Ev[];
  let exported: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    a = await createTestProject(handle);
    await ingestFleet(a.id);
    inRange = await events(a.id, true);
    file = path.join(tmp, "a.jsonl.gz");
    // The export every test reads (each test imports into a project of its own).
    exported = await cli("scripts/export.ts", [
      "--project",
      a.slug,
      "--from",
      FROM,
      "--to",
      TO,
      "--out",
      file,
    ]);
  }, 240_000);

  it("exports the range's events, and only them, as gzip'd JSON Lines of protocol events", async () => {
    const r = exported;
    expect(r.status, r.stderr).toBe(0);
    const lines = gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
    expect(lines.pop()).toBe(""); // every line ends with a newline
    const bytes = fs.statSync(file).size;
    expect(r.stderr).toContain(`exported ${inRange.length.toLocaleString("en-US")} events of ${a.slug}`);
    expect(r.stderr).toContain(`${bytes.toLocaleString("en-US")} bytes gzip'd`);
    const all = (await events(a.id, false)).length;
    expect(inRange.length).toBeGreaterThan(1000);
    expect(all).toBeGreaterThan(inRange.length); // the fleet's 2 days hold more than the middle 24 h
    // the export is in the audit log, by the cli
    const audit = (await handle.db.execute(sql`
      select actor_id, object_label, after from audit_log where action = 'export.events' and project_id = ${a.id}`)) as unknown as {
      actor_id: string;
      object_label: string;
      after: Record<string, unknown>;
    }[];
    expect(audit).toEqual([
      {
        actor_id: "cli",
        object_label: a.slug,
        after: {
          from: "2026-11-19T03:00:00.000Z",
          to: "2026-11-20T03:00:00.000Z",
          events: inRange.length,
          bytes,
          out: file,
        },
      },
    ]);
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toHaveLength(inRange.length);
    expect(ids).toContain("edge-start"); // at `from`: in
    expect(ids).not.toContain("edge-at-to"); // at `to`: out
    expect(ids).not.toContain("edge-before");
    // A protocol event as a runner posts it: no project, key or received time; absent fields left out.
    const secret = JSON.parse(lines.find((l) => l.includes('"edge-secret"')) ?? "{}");
    expect(secret).toEqual({
      id: "edge-secret",
      type: "job.tool_call",
      time: "2026-11-19T10:00:00.123000Z",
      job: "edge-job",
      agent: "edge-agent",
      seq: 1,
      data: { call_id: "c1", tool: "bash", input: { cmd: "ls", password: "[REDACTED:secret_assignment]" } },
    });
  }, 120_000);

  it("imports into another project unchanged: events row for row, and the same job projections", async () => {
    const b = await createTestProject(handle);
    const r = await cli("scripts/import.ts", [file, "--project", b.slug]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `${inRange.length} of ${inRange.length} line(s) stored (${inRange.length} new, 0 already there)`,
    );
    // id, type, time (to the microsecond), job, agent, seq and data (jsonb) equal, row for row
    expect(await events(b.id, false)).toEqual(inRange);
    const whole = await jobsWhollyInRange(a.id);
    expect(whole.length).toBeGreaterThan(20);
    expect(await jobs(b.id, whole)).toEqual(await jobs(a.id, whole));
    // A job cut by the range has in B just its events of the range.
    const cut = (await handle.db.execute(sql`
      select j.external_id, j.event_count,
        (select count(*)::int from event e where e.project_id = ${a.id} and e.job_external_id = j.external_id
           and e.time >= ${FROM}::timestamptz and e.time < ${TO}::timestamptz) as in_range
      from job j where j.project_id = ${b.id}`)) as unknown as { event_count: number; in_range: number }[];
    for (const j of cut) expect(j.event_count).toBe(j.in_range);
    // The redacted secret stays redacted (markers are never redacted again); the redaction itself was counted
    // in A when it happened, so B's job counts none: the data is equal, the count of redactions made is not.
    const red = (await handle.db.execute(sql`
      select project_id = ${a.id} as in_a, redaction_count from job where external_id = 'edge-job'
        and project_id in (${a.id}, ${b.id}) order by 1`)) as unknown as {
      in_a: boolean;
      redaction_count: number;
    }[];
    expect(red).toEqual([
      { in_a: false, redaction_count: 0 },
      { in_a: true, redaction_count: 2 }, // the password, and the Anthropic key of the big output
    ]);
    const cutAt = (await handle.db.execute(sql`
      select project_id = ${a.id} as in_a, truncated_from from transcript_entry where event_id = 'edge-big'
        and project_id in (${a.id}, ${b.id}) order by 1`)) as unknown as {
      in_a: boolean;
      truncated_from: number | null;
    }[];
    // The output cut on the way into A (150,049 bytes) is not cut again, and B's entry keeps its original size.
    expect(cutAt).toEqual([
      { in_a: false, truncated_from: 150049 },
      { in_a: true, truncated_from: 150049 },
    ]);
    // one import.file entry for the file, by the cli
    const imported = (await handle.db.execute(sql`
      select actor_id, after from audit_log where action = 'import.file' and project_id = ${b.id}`)) as unknown as {
      actor_id: string;
      after: Record<string, unknown>;
    }[];
    expect(imported).toEqual([
      {
        actor_id: "cli",
        after: expect.objectContaining({
          format: "fleetwatch-events",
          events: inRange.length,
          accepted: inRange.length,
          rejected: 0,
        }) as unknown,
      },
    ]);
    // Re-importing the same file changes nothing.
    const again = await cli("scripts/import.ts", [file, "--project", b.slug]);
    expect(again.stdout).toContain(`(0 new, ${inRange.length} already there)`);
  }, 240_000);

  it("imports through a console's events API with --url, in batches of at most 1000 events", async () => {
    const c = await createTestProject(handle);
    const made = await createApiKey({
      db: handle.db,
      projectId: c.id,
      name: "import",
      scopes: ["ingest"],
      signed: true,
    });
    const before = routeServer.seen.length;
    const r = await cli("scripts/import.ts", [
      file,
      "--url",
      routeServer.url,
      "--key",
      made.key,
      "--signing-secret",
      made.signingSecret as string,
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const requests = routeServer.seen.slice(before);
    expect(requests.length).toBe(Math.ceil(inRange.length / 1000)); // each a full 1000 but the last
    expect(requests.every((q) => q.path === "/api/v1/events" && q.signature)).toBe(true);
    expect(await events(c.id, false)).toEqual(inRange);
    await projected(handle.db, c.id); // the events route answers at the append; the projector folds after
    const whole = await jobsWhollyInRange(a.id);
    expect(await jobs(c.id, whole)).toEqual(await jobs(a.id, whole));
  }, 240_000);

  it("stops with the console's message when it refuses the key", async () => {
    const r = await cli("scripts/import.ts", [file, "--url", routeServer.url, "--key", "fw_not_a_key"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error: .*a\.jsonl\.gz: Fleetwatch refused the batch \(HTTP 401\): /m);
  }, 60_000);
});
