// `npm run import -- <files> --url U --key K --signing-secret S`: the CLI posts each file to a running console's
// import API (here the real route handler behind a real HTTP server on localhost, on the test database), so the
// files are stored as history and the summary shows what the console made of them.
import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postImport } from "@/app/api/v1/import/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { agent, job } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { importedJobs } from "@/lib/import/jobs";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject } from "../helpers/db";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";
import { type RouteServer, serveRoute } from "../helpers/route-server";

const root = path.resolve(import.meta.dirname, "../..");
let handle: DbHandle;
let console_: RouteServer;
let base: string;

beforeAll(async () => {
  handle = await getDbHandle();
  console_ = await serveRoute(postImport);
  base = console_.url;
});
afterAll(async () => {
  await console_.close();
  await handle.close();
});

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/import.ts", ...args], {
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

describe("npm run import --url", () => {
  it("posts each file to the import API, signed, as history, and prints the console's cost and job links", async () => {
    const project = await createTestProject(handle);
    const made = await createApiKey({
      db: handle.db,
      projectId: project.id,
      name: "cli",
      scopes: ["ingest"],
      signed: true,
    });
    // the agent is alive now: a heartbeat a second ago
    const now = new Date();
    await ingestBatch({
      db: handle.db,
      projectId: project.id,
      apiKeyId: null,
      rawEvents: [
        {
          id: "hb",
          type: "agent.heartbeat",
          time: now.toISOString(),
          agent: "cli-agent",
          data: { status: "idle" },
        },
      ],
    });
    const agentRow = () =>
      handle.db
        .select()
        .from(agent)
        .where(and(eq(agent.projectId, project.id), eq(agent.name, "cli-agent")))
        .then((rows) => rows[0]);
    const before = await agentRow();

    const file = path.join(FIXTURES_DIR, "claude-code/viewer-session-1af7fc5e.jsonl");
    const args = [file, "--url", base, "--key", made.key, "--agent", "cli-agent"];
    const r = await cli([...args, "--signing-secret", made.signingSecret as string]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    // one request per file, to the import API, signed
    expect(console_.seen.map((s) => s.path)).toEqual(["/api/v1/import"]);
    expect(console_.seen[0]?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    // the job links are the console's job pages (its own id), the cost is the console's
    const jobs = await handle.db
      .select({ id: job.id, externalId: job.externalId })
      .from(job)
      .where(eq(job.projectId, project.id));
    expect(jobs).toHaveLength(1);
    expect(r.stdout).toContain(`${base}/jobs/${jobs[0]?.id}`);
    const priced = await importedJobs({
      db: handle.db,
      projectId: project.id,
      externalIds: [jobs[0]?.externalId ?? ""],
    });
    expect(r.stdout).toContain(`cost       $${priced.cost_usd.toFixed(4)} (as the console prices it`);
    expect(r.stdout).toMatch(/open {7}http:\/\/127\.0\.0\.1:\d+\/jobs\?range=custom&from=/);

    // history, not live: the old session (September 2025) leaves the live agent's first and last seen alone
    const after = await agentRow();
    expect(after?.firstSeenAt.toISOString()).toBe(before?.firstSeenAt.toISOString());
    expect(after?.lastSeenAt.toISOString()).toBe(before?.lastSeenAt.toISOString());

    // without the signing secret, the server refuses the file and the CLI says why (exit 1)
    const unsigned = await cli(args);
    expect(unsigned.status).toBe(1);
    expect(unsigned.stdout).toContain("HTTP 403: This key requires signed requests");
  });
});
