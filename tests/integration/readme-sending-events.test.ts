// The README's "Sending events" block, run as written with bash (key:create, date, curl), against the console's
// events route behind a real HTTP server on localhost (the README's http://localhost:3000 rewritten to it): the
// job must land in the project the console opens on (default) and inside the default range (its time is now).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/v1/events/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { job, project } from "@/db/schema";
import { projected } from "../helpers/projections";
import { type RouteServer, serveRoute } from "../helpers/route-server";

const root = path.resolve(import.meta.dirname, "../..");
let handle: DbHandle;
let console_: RouteServer;

beforeAll(async () => {
  handle = await getDbHandle();
  console_ = await serveRoute(postEvents);
});
afterAll(async () => {
  await console_.close();
  await handle.close();
});

/** The first ```sh block after a README heading. */
function readmeBlock(heading: string): string {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const from = readme.indexOf(`\n## ${heading}\n`);
  expect(from, `README has a "## ${heading}" section`).toBeGreaterThan(0);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(from));
  if (!block?.[1]) throw new Error(`no sh block under ${heading}`);
  return block[1];
}

function bash(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], {
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
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("README: Sending events", () => {
  it("runs as written and the job lands in the default project, in the default range", async () => {
    const block = readmeBlock("Sending events");
    expect(block).toContain("http://localhost:3000/api/v1/events");
    const before = Date.now();
    const r = await bash(block.replaceAll("http://localhost:3000", console_.url));
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ accepted: 1 });
    const [fallback] = await handle.db
      .select({ id: project.id })
      .from(project)
      .where(eq(project.slug, "default"));
    await projected(handle.db, fallback?.id ?? "");
    const [row] = await handle.db
      .select({ startedAt: job.startedAt, title: job.title })
      .from(job)
      .innerJoin(project, eq(project.id, job.projectId))
      .where(and(eq(project.slug, "default"), eq(job.externalId, "j1")));
    expect(row?.title).toBe("Fix the login bug");
    // "now" in the README's time: within the run (whole seconds), so inside the Jobs page's default 24 hours
    expect(row?.startedAt?.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(row?.startedAt?.getTime()).toBeLessThanOrEqual(Date.now());
  });
});
