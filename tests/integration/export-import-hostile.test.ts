// Files of protocol events that are damaged or hostile: each bad line is reported with its number and reason,
// every good line is stored, and a truncated gzip stops the read with what was read before it stored.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { importEventsFile, isEventsFile } from "@/lib/import/events-file";
import { databaseSender } from "@/lib/import/events-sinks";
import { createTestProject, openTestDb } from "../helpers/db";

const root = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-import-hostile-"));
let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const log = (id: string, minute: number, message = "hello") =>
  JSON.stringify({
    id,
    type: "job.log",
    time: `2026-11-19T10:${String(minute).padStart(2, "0")}:00Z`,
    job: "j1",
    data: { level: "info", message },
  });

async function storedIds(projectId: string): Promise<string[]> {
  const rows = (await handle.db.execute(
    sql`select id from event where project_id = ${projectId} order by id collate "C"`,
  )) as unknown as { id: string }[];
  return rows.map((r) => r.id);
}

function write(name: string, content: Buffer | string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

describe("importing a damaged file of events", () => {
  const mixed = [
    log("e1", 1),
    "{not json",
    // fails validation: job.usage with negative tokens
    JSON.stringify({
      id: "e3",
      type: "job.usage",
      time: "2026-11-19T10:03:00Z",
      job: "j1",
      data: { model: "m", input_tokens: -5, output_tokens: 1 },
    }),
    "",
    log("e5", 5),
    `[${"[".repeat(200)}${"]".repeat(200)}]`, // nested past the cap
  ].join("\n");

  it("stores the good lines and reports each bad one by line number and reason", async () => {
    const p = await createTestProject(handle);
    const file = write("mixed.jsonl.gz", gzipSync(mixed));
    expect(await isEventsFile(file)).toBe(true);
    const r = await importEventsFile(file, databaseSender({ db: handle.db, projectId: p.id }));
    // lines 1 and 5 are events; 2 is not JSON, 3 fails validation, 4 is empty (skipped silently), 6 too deep
    expect(r).toMatchObject({ lines: 6, accepted: 2, duplicates: 0, error: null });
    expect(r.skipped.map((s) => s.line)).toEqual([2, 6]);
    expect(r.skipped[0]?.reason).toMatch(/^not JSON \(/);
    expect(r.skipped[1]?.reason).toBe("nested deeper than 100 levels: not read");
    expect(r.rejected).toEqual([
      { line: 3, id: "e3", reason: expect.stringContaining("data.input_tokens") as string },
    ]);
    expect(await storedIds(p.id)).toEqual(["e1", "e5"]);
  });

  it("stops at a truncated gzip, says so, and keeps every whole line read before it", async () => {
    const p = await createTestProject(handle);
    // 2,000 lines of incompressible messages (about 280 kB gzip'd); the file is cut in the middle.
    const lines = Array.from({ length: 2000 }, (_, i) =>
      log(`t${i}`, i % 60, randomBytes(64).toString("hex")),
    );
    const whole = gzipSync(`${lines.join("\n")}\n`);
    const file = write("cut.jsonl.gz", whole.subarray(0, Math.floor(whole.length / 2)));
    const r = await importEventsFile(file, databaseSender({ db: handle.db, projectId: p.id }));
    expect(r.error).toMatch(/^the gzip data ends early \(a truncated file\?\) after line \d+$/);
    const readUpTo = Number(/after line (\d+)/.exec(r.error ?? "")?.[1]);
    expect(readUpTo).toBeGreaterThan(500);
    expect(readUpTo).toBeLessThan(1500);
    // every line up to the last whole one is stored; the cut one is not (it would be half an event)
    expect(r.accepted).toBe(readUpTo);
    const ids = await storedIds(p.id);
    expect(ids).toHaveLength(readUpTo);
    expect(new Set(ids)).toEqual(new Set(lines.slice(0, readUpTo).map((_, i) => `t${i}`)));
  });

  it("prints the bad lines and exits with 1 from npm run import", async () => {
    const p = await createTestProject(handle);
    const file = write("mixed-cli.jsonl", mixed);
    const r = spawnSync(
      path.join(root, "node_modules/.bin/tsx"),
      ["scripts/import.ts", file, "--project", p.slug],
      {
        cwd: root,
        env: { ...process.env, LOG_LEVEL: "silent" },
        encoding: "utf8",
      },
    );
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain(`events     ${file}: 2 of 6 line(s) stored (2 new, 0 already there)`);
    expect(r.stdout).toContain("not stored 3 line(s):");
    expect(r.stdout).toMatch(/line 2: not JSON/);
    expect(r.stdout).toMatch(/line 3 \(e3\): data\.input_tokens/);
    expect(await storedIds(p.id)).toEqual(["e1", "e5"]);
  });
});
