// `npm run export` from a shell: clear refusals for bad arguments, and the gzip on stdout without --out.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "../helpers/db";

const root = path.resolve(import.meta.dirname, "../..");
let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

const run = (args: string[]) =>
  spawnSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/export.ts", ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "silent" },
    maxBuffer: 64 * 1024 * 1024,
  });

describe("npm run export", () => {
  it("refuses bad arguments with a message and exit code 2", () => {
    const cases: [string[], string][] = [
      [["--from", "2026-01-01", "--to", "2026-02-01"], "error: --project is required"],
      [
        ["--project", "p", "--from", "2026-02-30", "--to", "2026-03-01"],
        "error: --from: 2026-02-30 is not a day",
      ],
      [["--project", "p", "--from", "2026-03-01", "--to", "2026-01-01"], "error: --from must be before --to"],
      [
        ["--project", "p", "--from", "2026-01-01", "--to", "2026-02-01", "--bogus"],
        "error: Unknown option '--bogus'",
      ],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.toString()).toContain(message);
    }
  });

  it("says so when the project does not exist", () => {
    const r = run(["--project", "no-such-project-xyz", "--from", "2026-01-01", "--to", "2026-02-01"]);
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toContain('error: no project "no-such-project-xyz"');
  });

  it("writes the gzip to stdout without --out, and the counts to stderr", async () => {
    const p = await createTestProject(handle);
    const events = [1, 2, 3].map((i) => ({
      id: `s${i}`,
      type: "job.log",
      time: `2026-11-19T10:00:0${i}Z`,
      job: "j",
      data: { level: "info", message: `line ${i}` },
    }));
    await ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: events });
    const r = run(["--project", p.slug, "--from", "2026-11-19", "--to", "2026-11-20"]);
    expect(r.status, r.stderr.toString()).toBe(0);
    const lines = gunzipSync(r.stdout).toString("utf8").trimEnd().split("\n");
    expect(lines).toEqual([
      '{"id":"s1","type":"job.log","time":"2026-11-19T10:00:01.000000Z","job":"j","data":{"level": "info", "message": "line 1"}}',
      '{"id":"s2","type":"job.log","time":"2026-11-19T10:00:02.000000Z","job":"j","data":{"level": "info", "message": "line 2"}}',
      '{"id":"s3","type":"job.log","time":"2026-11-19T10:00:03.000000Z","job":"j","data":{"level": "info", "message": "line 3"}}',
    ]);
    expect(r.stderr.toString()).toContain(
      `exported 3 events of ${p.slug} in [2026-11-19T00:00:00.000Z, 2026-11-20T00:00:00.000Z): ${r.stdout.length} bytes gzip'd`,
    );
  });
});
