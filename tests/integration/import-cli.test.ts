// `npm run import` on the fixtures into an embedded database: figures, then an idempotent re-import.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { auditLog } from "@/db/schema";
import { openEmbedded } from "@/scripts/embedded-db.mjs";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";

const root = path.resolve(import.meta.dirname, "../..");
const fixtures = FIXTURES_DIR;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-import-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function runImport(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, FLEETWATCH_DATA_DIR: dataDir, LOG_LEVEL: "silent" };
  delete env.DATABASE_URL;
  return spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/import.ts", ...args], {
    cwd: root,
    env,
    encoding: "utf8",
  });
}

describe("npm run import", () => {
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  const sessionFiles = [
    ...files(path.join(fixtures, "claude-code")),
    ...files(path.join(fixtures, "codex")),
  ].filter((f) => f.endsWith(".jsonl"));

  it("imports every Claude Code and Codex fixture and prints a summary", () => {
    const r = runImport([
      path.join(fixtures, "claude-code"),
      path.join(fixtures, "codex"),
      "--project",
      "imported",
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`files      ${sessionFiles.length}\n`);
    const entries = /entries +(\d+) \((\d+) new, 0 already there\)/.exec(r.stdout);
    expect(Number(entries?.[1])).toBeGreaterThan(300);
    expect(entries?.[1]).toBe(entries?.[2]);
    // three lines of log-edge_cases.jsonl are not JSON objects
    expect(r.stdout).toContain("skipped    3 line(s):");
    expect(r.stdout).toContain("log-edge_cases.jsonl:13: not a JSON object");
    expect(r.stdout).not.toContain("rejected");
  });

  it("changes nothing on a re-import", () => {
    const r = runImport([
      path.join(fixtures, "claude-code"),
      path.join(fixtures, "codex"),
      "--project",
      "imported",
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/entries +(\d+) \(0 new, \1 already there\)/);
  });

  it("writes one audit entry per imported file, by the cli", async () => {
    const server = await openEmbedded({ dataDir });
    const handle = await openDatabase({ url: server.url });
    try {
      const rows = await handle.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorId, "cli"), eq(auditLog.action, "import.file")))
        .orderBy(asc(auditLog.id));
      const file = path.join(fixtures, "claude-code/viewer-session-5c0375b4.jsonl");
      const mine = rows.filter((e) => e.objectLabel === file).map((e) => e.after as Record<string, number>);
      // imported twice: every event new the first time, every one a duplicate the second; 125,342 bytes
      expect(mine).toHaveLength(2);
      expect(mine[0]).toMatchObject({
        bytes: 125_342,
        format: "claude-code-session",
        jobs: 1,
        duplicates: 0,
      });
      expect(mine[0]?.accepted).toBe(mine[0]?.events);
      expect(mine[1]).toMatchObject({ accepted: 0, duplicates: mine[0]?.events });
      const created = await handle.db.select().from(auditLog).where(eq(auditLog.action, "project.create"));
      expect(created.map((e) => [e.actorId, e.objectLabel])).toEqual([["cli", "imported"]]);
    } finally {
      await handle.close();
      server.release();
    }
  });

  it("reports a file with a line over 8 MB and still imports the other files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-import-bad-"));
    try {
      const good = path.join(dir, "rollout-small-current.jsonl");
      fs.copyFileSync(path.join(fixtures, "codex/rollout-small-current.jsonl"), good);
      // one line of 9 * 1024 * 1024 bytes with no newline: over the 8 MB (8,388,608 bytes) line cap
      fs.writeFileSync(path.join(dir, "huge-line.jsonl"), "x".repeat(9 * 1024 * 1024));
      const r = runImport([dir, "--project", "bad-file"]);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain("files      2 (1 unreadable)\n");
      expect(r.stdout).toContain(`${path.join(dir, "huge-line.jsonl")}: Line 1 is longer than 8 MB`);
      expect(r.stdout).toMatch(/entries +([1-9]\d*) \(\1 new, 0 already there\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints the cost the console computes and a link to each imported job", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetwatch-import-cost-"));
    try {
      const session = "0d6c2a1e-4b7f-4c1e-9a51-7f3c2b1a0e99";
      const line = (o: object) =>
        JSON.stringify({ sessionId: session, cwd: "/repo", version: "2.0.0", ...o });
      fs.writeFileSync(
        path.join(dir, `${session}.jsonl`),
        [
          line({
            type: "user",
            uuid: "u1",
            parentUuid: null,
            timestamp: "2026-11-01T10:00:00.000Z",
            message: { role: "user", content: "Price me" },
          }),
          // no cost in the file: the console prices it at sonnet 4.5's $3 / $15 / $0.30 / $3.75 per million
          line({
            type: "assistant",
            uuid: "a1",
            parentUuid: "u1",
            timestamp: "2026-11-01T10:00:05.000Z",
            message: {
              id: "msg_1",
              role: "assistant",
              model: "claude-sonnet-4-5-20250929",
              content: [{ type: "text", text: "Priced." }],
              usage: {
                input_tokens: 1000,
                output_tokens: 2000,
                cache_read_input_tokens: 10_000,
                cache_creation_input_tokens: 4000,
              },
            },
          }),
        ].join("\n"),
      );
      const r = runImport([dir, "--project", "priced"]);
      expect(r.status, r.stderr).toBe(0);
      // 1000×3 + 2000×15 + 10,000×0.30 + 4000×3.75 = 51,000 µ$ (the old summary said "$0.0000 (reported)")
      expect(r.stdout).toContain("cost       $0.0510 (as the console prices it");
      expect(r.stdout).toMatch(/open {7}http:\/\/localhost:3000\/jobs\?range=custom&from=2026-11-01T09%3A59/);
      expect(r.stdout).toMatch(/\n {2}Price me {2}http:\/\/localhost:3000\/jobs\/[0-9a-f-]{36}\n/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says what to do with a missing path", () => {
    const r = runImport(["/nonexistent/folder"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("/nonexistent/folder: no such file or folder");
  });
});
