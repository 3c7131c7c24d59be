// Imported sessions through the real write path (ingestBatch): one job per session id with
// the session's facts and tokens, sub-agent entries in branches, and a re-import that changes nothing.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { job, transcriptEntry } from "@/db/schema";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject, openTestDb } from "@/tests/helpers/db";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import { importClaudeCode, type RawEvent } from "./index";

const DIR = `${FIXTURES_DIR}/claude-code`;
const SESSION = "5c0375b4-57a5-4f26-b12d-d022ee4e51b7";
const main = importClaudeCode(readFileSync(join(DIR, "viewer-session-5c0375b4.jsonl"), "utf8"), {
  fileName: `${SESSION}.jsonl`,
});
const side = importClaudeCode(readFileSync(join(DIR, "viewer-agent-sidechain.jsonl"), "utf8"), {
  fileName: "agent-test-hash-123.jsonl",
});
const all: RawEvent[] = [...main.events, ...side.events];

describe("imported Claude Code session", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("becomes one job, and a re-import is all duplicates", async () => {
    const p = await createTestProject(handle);
    const ingest = (events: RawEvent[]) =>
      ingestBatch({ db: handle.db, projectId: p.id, apiKeyId: null, rawEvents: events });
    expect(await ingest(all)).toEqual({ accepted: all.length, duplicates: 0, rejected: 0 });
    const row = async () =>
      (
        await handle.db
          .select()
          .from(job)
          .where(and(eq(job.projectId, p.id), eq(job.externalId, SESSION)))
      )[0];
    const first = await row();
    expect(first).toMatchObject({
      status: "succeeded",
      agentName: "claude-code",
      harness: "claude-code",
      harnessVersion: "1.0.108",
      model: "claude-sonnet-4-20250514",
      title: "/orchestrator @CLAUDE.md を最新の状態にアップデートしてください",
      inputTokens: 129 + 100,
      outputTokens: 3629 + 10,
      cacheReadTokens: 324259,
      cacheWriteTokens: 47747,
      eventCount: all.length,
    });

    // Again, in another order and batching: nothing changes.
    const again = await ingest([...side.events, ...main.events].reverse());
    expect(again).toEqual({ accepted: 0, duplicates: all.length, rejected: 0 });
    expect(await row()).toEqual(first);

    const branched = await handle.db
      .select({ branch: transcriptEntry.branch, parent: transcriptEntry.branchParentCallId })
      .from(transcriptEntry)
      .where(
        and(
          eq(transcriptEntry.projectId, p.id),
          eq(transcriptEntry.jobId, first?.id ?? ""),
          isNotNull(transcriptEntry.branchParentCallId),
        ),
      );
    expect(branched).toHaveLength(32);
    expect(new Set(branched.map((b) => b.parent))).toEqual(
      new Set(["toolu_014YF9TXhDRR7BnpasNJ7gjC", "toolu_01LKfUwrsnof18CpWZQcJH44"]),
    );
  });
});
