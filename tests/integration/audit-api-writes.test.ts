// Changes made through the API (triage, merge, failure rules, re-classification, imports) and re-pricing write
// one audit entry each, with the key or the signed-in user as the actor.
import fs from "node:fs";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as ruleDelete, PATCH as rulePatch } from "@/app/api/v1/failure-rules/[id]/route";
import { POST as applyPost } from "@/app/api/v1/failure-rules/apply/route";
import { POST as rulesPost } from "@/app/api/v1/failure-rules/route";
import { POST as importPost } from "@/app/api/v1/import/route";
import { POST as triagePost } from "@/app/api/v1/issues/[id]/triage/route";
import { POST as bulkPost } from "@/app/api/v1/issues/bulk-triage/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { auditLog, failureIssue } from "@/db/schema";
import { userActor } from "@/lib/audit/record";
import { createApiKey } from "@/lib/auth/api-keys";
import { repriceHistory } from "@/lib/costs/reprice";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject } from "../helpers/db";
import { failingJob } from "../helpers/failures";
import { FIXTURES_DIR } from "../helpers/fixtures-dir";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

let handle: DbHandle;
let projectId: string;
let slug: string;
let key: string;
let keyId: string;
let keyLabel: string;
let admin: { id: string; email: string; password: string };
let cookie: string;

beforeAll(async () => {
  handle = await getDbHandle();
  const p = await createTestProject(handle);
  [projectId, slug] = [p.id, p.slug];
  const k = await createApiKey({ db: handle.db, projectId, name: "triager", scopes: ["triage", "ingest"] });
  [key, keyId, keyLabel] = [k.key, k.record.id, `key triager (${k.key.slice(0, 10)}…)`];
  admin = await createUser(handle.db, "admin");
  cookie = await signIn(admin);
  for (const [i, message] of ["disk full on /var", "segfault in worker", "TLS handshake timeout"].entries())
    await ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: failingJob(message, 10 + i) });
});
afterAll(async () => {
  await handle.close();
});

const asKey = (): Record<string, string> => ({ authorization: `Bearer ${key}` });
const asAdmin = () => ({ cookie, origin: TEST_ORIGIN, host: new URL(TEST_ORIGIN).host });
const send = (url: string, method: string, headers: Record<string, string>, body?: object) =>
  new Request(`${TEST_ORIGIN}${url}`, {
    method,
    headers: { "content-type": "application/json", "user-agent": "audit-api-test", ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const issueByMessage = async (m: string) => {
  const rows = await handle.db.select().from(failureIssue).where(eq(failureIssue.projectId, projectId));
  const found = rows.find((r) => r.sampleMessage === m);
  if (!found) throw new Error(`no issue for ${m}`);
  return found;
};
const entries = (action: string) =>
  handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.projectId, projectId), eq(auditLog.action, action)))
    .orderBy(desc(auditLog.id));
async function only(action: string) {
  const rows = await entries(action);
  expect(rows).toHaveLength(1);
  return rows[0] as typeof auditLog.$inferSelect;
}
const byKey = () => ({ actorType: "key", actorId: keyId, actorLabel: keyLabel, userAgent: "audit-api-test" });
const byAdmin = () => ({ actorType: "user", actorId: admin.id, actorLabel: admin.email });

describe("triage through the API", () => {
  it("a key with the triage scope resolves, then reopens: the key is the actor, the state before and after", async () => {
    const issue = await issueByMessage("disk full on /var");
    const url = `/api/v1/issues/${issue.id}/triage`;
    const res = await triagePost(
      send(url, "POST", asKey(), { action: "resolve", in_version: "1.2" }),
      ctx({ id: issue.id }),
    );
    expect(res.status).toBe(200);
    expect(await only("issue.resolve")).toMatchObject({
      ...byKey(),
      objectType: "issue",
      objectId: issue.id,
      objectLabel: issue.title,
      before: { state: "new", stateDetail: null },
      after: { state: "resolved", stateDetail: { inVersion: "1.2", inNextRelease: false } },
    });
    await triagePost(send(url, "POST", asKey(), { action: "reopen" }), ctx({ id: issue.id }));
    expect(await only("issue.reopen")).toMatchObject({
      before: { state: "resolved", stateDetail: { inVersion: "1.2", inNextRelease: false } },
      after: { state: "ongoing", stateDetail: null },
    });
  });

  it("a signed-in admin ignores, assigns and notes: the user is the actor", async () => {
    const issue = await issueByMessage("segfault in worker");
    const url = `/api/v1/issues/${issue.id}/triage?project=${slug}`;
    const post = (body: object) => triagePost(send(url, "POST", asAdmin(), body), ctx({ id: issue.id }));
    expect((await post({ action: "ignore", until_count: 5 })).status).toBe(200);
    expect(await only("issue.ignore")).toMatchObject({
      ...byAdmin(),
      before: { state: "new" },
      after: { state: "ignored", stateDetail: { untilCount: 5, until: null } },
    });
    expect((await post({ action: "assign", user_id: admin.id })).status).toBe(200);
    expect(await only("issue.assign")).toMatchObject({
      before: { assigneeId: null },
      after: { assigneeId: admin.id },
    });
    expect((await post({ action: "note", text: "looks like the 4.2 kernel" })).status).toBe(200);
    expect(await only("issue.note")).toMatchObject({
      before: null,
      after: { text: "looks like the 4.2 kernel" },
    });
  });

  it("a bulk merge writes one entry on the issue kept, listing the merged ones", async () => {
    const a = await issueByMessage("segfault in worker");
    const b = await issueByMessage("TLS handshake timeout");
    const res = await bulkPost(
      send("/api/v1/issues/bulk-triage", "POST", asKey(), { ids: [a.id, b.id], action: { action: "merge" } }),
      ctx(),
    );
    expect(res.status).toBe(200);
    const { merged_into } = (await res.json()) as { merged_into: string };
    const e = await only("issue.merge");
    // both have 1 failure: the older one (first seen first, a at minute 11) is kept; 1 + 1 = 2 after
    const [kept, gone] = merged_into === a.id ? [a, b] : [b, a];
    expect(e).toMatchObject({
      ...byKey(),
      objectId: kept.id,
      before: { eventCount: 1 },
      after: { eventCount: 2, merged: [{ id: gone.id, title: gone.title }] },
    });
  });
});

describe("bulk triage is all or nothing", () => {
  it("an id that is gone refuses the whole change: nothing applied, nothing audited", async () => {
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: failingJob("bulk: out of memory in builder", 20),
    });
    const live = await issueByMessage("bulk: out of memory in builder");
    // the gone id sorts after the live one, so before, the live issue was resolved before the 404
    const gone = "ffffffff-ffff-4fff-bfff-ffffffffffff";
    const res = await bulkPost(
      send("/api/v1/issues/bulk-triage", "POST", asKey(), {
        ids: [live.id, gone],
        action: { action: "resolve" },
      }),
      ctx(),
    );
    expect(res.status).toBe(404);
    const [after] = await handle.db.select().from(failureIssue).where(eq(failureIssue.id, live.id));
    expect(after?.state).toBe(live.state);
    const entries = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.objectId, live.id), eq(auditLog.action, "issue.resolve")));
    expect(entries).toEqual([]);
  });
});

describe("failure rules through the API", () => {
  it("create, update and delete each write an entry with the rule before and after", async () => {
    const rule = { name: "disk", failure_class: "infra", message_pattern: "disk full" };
    const created = await rulesPost(send("/api/v1/failure-rules", "POST", asKey(), rule), ctx());
    expect(created.status).toBe(201);
    const { id, priority } = (await created.json()) as { id: string; priority: number };
    const fields = {
      name: "disk",
      failure_class: "infra",
      message_pattern: "disk full",
      enabled: true,
      priority,
    };
    expect(await only("rule.create")).toMatchObject({
      ...byKey(),
      objectId: id,
      before: null,
      after: fields,
    });
    const patched = await rulePatch(
      send(`/api/v1/failure-rules/${id}`, "PATCH", asKey(), { enabled: false }),
      ctx({ id }),
    );
    expect(patched.status).toBe(200);
    expect(await only("rule.update")).toMatchObject({
      before: { enabled: true },
      after: { ...fields, enabled: false },
    });
    expect(
      (await ruleDelete(send(`/api/v1/failure-rules/${id}`, "DELETE", asKey()), ctx({ id }))).status,
    ).toBe(204);
    expect(await only("rule.delete")).toMatchObject({
      before: { name: "disk", enabled: false },
      after: null,
    });
    // a refused change (unknown rule: 404) writes nothing
    const missing = "00000000-0000-4000-8000-000000000000";
    await rulePatch(
      send(`/api/v1/failure-rules/${missing}`, "PATCH", asKey(), { enabled: true }),
      ctx({ id: missing }),
    );
    expect(await entries("rule.update")).toHaveLength(1);
  });

  it("starting a re-classification is recorded", async () => {
    const res = await applyPost(send("/api/v1/failure-rules/apply", "POST", asKey()), ctx());
    expect(res.status).toBe(202);
    expect(await only("rule.reclassify")).toMatchObject({
      ...byKey(),
      objectType: "project",
      after: { state: "running" },
    });
  });
});

describe("imports and re-pricing", () => {
  it("an import writes one entry with the file's name, size, format, jobs and events", async () => {
    const file = path.join(FIXTURES_DIR, "claude-code/viewer-session-5c0375b4.jsonl");
    const bytes = fs.readFileSync(file);
    const res = await importPost(
      new Request(`${TEST_ORIGIN}/api/v1/import?file_name=viewer-session-5c0375b4.jsonl`, {
        method: "POST",
        headers: { ...asKey(), "content-type": "application/x-ndjson", "user-agent": "audit-api-test" },
        body: bytes,
      }),
      ctx(),
    );
    expect(res.status).toBe(200);
    const out = (await res.json()) as { events: number; accepted: number; format: string };
    const e = await only("import.file");
    expect(e).toMatchObject({
      ...byKey(),
      objectType: "import",
      objectLabel: "viewer-session-5c0375b4.jsonl",
    });
    // the fixture is 125,342 bytes, one Claude Code session: one job
    expect(e.after).toEqual({
      fileName: "viewer-session-5c0375b4.jsonl",
      bytes: 125_342,
      format: "claude-code-session",
      jobs: 1,
      events: out.events,
      accepted: out.accepted,
      duplicates: 0,
      rejected: 0,
    });
  });

  it("re-pricing records who asked, from when, and what it re-priced", async () => {
    const actor = userActor(admin, new Headers({ "user-agent": "reprice-test" }));
    const r = await repriceHistory({
      db: handle.db,
      from: new Date("2026-11-01T00:00:00Z"),
      projectId,
      actor,
    });
    expect(await only("price.reprice")).toMatchObject({
      ...byAdmin(),
      userAgent: "reprice-test",
      after: { from: "2026-11-01T00:00:00.000Z", usageEvents: r.usageEvents, jobs: r.jobs },
    });
  });
});
