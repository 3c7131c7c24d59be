// Every server action that changes something writes one audit entry in its transaction: the signed-in admin as
// the actor (with the request's address and user agent), the action, the object and its before/after values,
// and never a secret. The actions run for real (better-auth checks the session cookie against the database);
// only Next's request store is replaced by tests/helpers/next-request.ts.
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DbHandle, getDbHandle } from "@/db/client";
import { auditLog, project } from "@/db/schema";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { createKeyAction, revokeKeyAction } from "@/lib/auth/key-actions";
import {
  createBudgetAction,
  deleteBudgetAction,
  deletePriceAction,
  savePriceAction,
} from "@/lib/costs/actions";
import { createProjectAction } from "@/lib/projects/actions";
import { saveThresholdsAction } from "@/lib/projects/settings-actions";
import { saveRetentionAction } from "@/lib/retention/actions";
import {
  createWebhookAction,
  deleteWebhookAction,
  saveScheduleAction,
  setWebhookEnabledAction,
} from "@/lib/standups/actions";
import { createTestProject } from "../helpers/db";
import { setActionRequest } from "../helpers/next-request";
import { createUser, signIn } from "../helpers/users";

vi.mock("next/headers", () => import("@/tests/helpers/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => import("@/tests/helpers/next-request").then((m) => m.nextCache));

let handle: DbHandle;
let admin: { id: string; email: string };
let projectId: string;
let slug: string;

beforeAll(async () => {
  handle = await getDbHandle();
  const p = await createTestProject(handle);
  [projectId, slug] = [p.id, p.slug];
  const created = await createUser(handle.db, "admin");
  admin = created;
  const cookie = `${await signIn(created)}; fw_project=${slug}`;
  setActionRequest({ cookie, "user-agent": "audit-test/1.0", [PEER_ADDRESS_HEADER]: "198.51.100.7" });
});
afterAll(async () => {
  await handle.close();
});

/** The admin's entries with this action, newest first. */
const entries = (action: string) =>
  handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorId, admin.id), eq(auditLog.action, action)))
    .orderBy(desc(auditLog.id));

async function only(action: string) {
  const rows = await entries(action);
  expect(rows).toHaveLength(1);
  const [row] = rows;
  // the actor, the same for every action here: the admin, from the request's address and user agent
  expect(row).toMatchObject({
    actorType: "user",
    actorLabel: admin.email,
    ip: "198.51.100.7",
    userAgent: "audit-test/1.0",
  });
  return row as typeof auditLog.$inferSelect;
}

describe("server actions write one audit entry each", () => {
  it("API keys: creation records name, scopes, prefix, rate limit and signed, never the key or its secret", async () => {
    const r = await createKeyAction({ name: "runner 7", scopes: ["read", "ingest"], signed: true });
    if (!r.ok) throw new Error(r.error);
    const created = await only("key.create");
    // scopes are stored sorted: ["ingest", "read"]; the prefix is the key's first 10 characters
    expect(created).toMatchObject({
      objectType: "api_key",
      projectId,
      before: null,
      after: {
        name: "runner 7",
        prefix: r.key.slice(0, 10),
        scopes: ["ingest", "read"],
        rateLimitPerMinute: null,
        signed: true,
      },
    });
    const stored = JSON.stringify(created);
    expect(stored).not.toContain(r.key);
    expect(stored).not.toContain(r.signingSecret as string);

    expect(await revokeKeyAction(created.objectId as string)).toEqual({ ok: true });
    const revoked = await only("key.revoke");
    expect(revoked.objectId).toBe(created.objectId);
    expect([revoked.before, revoked.after]).toMatchObject([{ revoked: false }, { revoked: true }]);
    // revoking again changes nothing and writes nothing
    await revokeKeyAction(created.objectId as string);
    expect(await entries("key.revoke")).toHaveLength(1);
  });

  it("project thresholds: the defaults before, the new values after", async () => {
    const r = await saveThresholdsAction({
      timezone: "Europe/Paris",
      stall_after_seconds: 600,
      offline_after_seconds: 3600,
    });
    expect(r).toEqual({ ok: true });
    const e = await only("project.thresholds");
    // a new project has UTC, 900 s and 1800 s
    expect(e).toMatchObject({
      objectId: projectId,
      objectLabel: slug,
      before: { timezone: "UTC", stallAfterSeconds: 900, offlineAfterSeconds: 1800 },
      after: { timezone: "Europe/Paris", stallAfterSeconds: 600, offlineAfterSeconds: 3600 },
    });
    // a refused input changes nothing and writes nothing
    await saveThresholdsAction({
      timezone: "Mars/Olympus",
      stall_after_seconds: 600,
      offline_after_seconds: 3600,
    });
    expect(await entries("project.thresholds")).toHaveLength(1);
  });

  it("retention: 90/400 days before, 30/200 after; a refused input writes nothing", async () => {
    expect(await saveRetentionAction({ raw_retention_days: 30, job_retention_days: 200 })).toEqual({
      ok: true,
    });
    expect(await only("project.retention")).toMatchObject({
      objectId: projectId,
      before: { raw_retention_days: 90, job_retention_days: 400 },
      after: { raw_retention_days: 30, job_retention_days: 200 },
    });
    // raw longer than jobs: refused, nothing written
    expect(await saveRetentionAction({ raw_retention_days: 300, job_retention_days: 200 })).toMatchObject({
      ok: false,
      field: "raw_retention_days",
    });
    expect(await entries("project.retention")).toHaveLength(1);
  });

  it("standup time: null before, 09:30 after", async () => {
    expect(await saveScheduleAction({ standupTime: "09:30" })).toEqual({ ok: true });
    expect(await only("project.standup_time")).toMatchObject({
      before: { standupTime: null },
      after: { standupTime: "09:30" },
    });
  });

  it("webhooks: only the URL's origin is recorded (chat webhook URLs carry their secret in the path)", async () => {
    const url = "https://hooks.audit-test.invalid/services/T000/B000/s3cr3tT0ken";
    const r = await createWebhookAction({ name: "ops chat", url });
    if (!r.ok) throw new Error(r.error);
    const created = await only("webhook.create");
    expect(created.after).toEqual({
      name: "ops chat",
      url: "https://hooks.audit-test.invalid/…",
      enabled: true,
    });
    expect(JSON.stringify(created)).not.toContain("s3cr3tT0ken");
    expect(JSON.stringify(created)).not.toContain(r.secret);
    const id = created.objectId as string;
    expect(await setWebhookEnabledAction(id, false)).toEqual({ ok: true });
    expect(await only("webhook.disable")).toMatchObject({
      before: { enabled: true },
      after: { enabled: false },
    });
    expect(await deleteWebhookAction(id)).toEqual({ ok: true });
    expect(await only("webhook.delete")).toMatchObject({
      before: { name: "ops chat", url: "https://hooks.audit-test.invalid/…", enabled: false },
      after: null,
    });
  });

  it("budgets: created and deleted with their amount and scope", async () => {
    const r = await createBudgetAction({
      scope: "project",
      period: "monthly",
      amountUsd: 250,
      warnPercent: 75,
      name: "",
    });
    if (!r.ok) throw new Error(r.error);
    // the name "" is stored as null; the amount as numeric(12,2): "250.00"
    const expected = {
      name: null,
      scope: "project",
      target: null,
      period: "monthly",
      amountUsd: "250.00",
      warnPercent: 75,
    };
    expect(await only("budget.create")).toMatchObject({
      objectId: r.id,
      projectId,
      before: null,
      after: expected,
    });
    expect(await deleteBudgetAction(r.id)).toEqual({ ok: true });
    expect(await only("budget.delete")).toMatchObject({ objectId: r.id, before: expected, after: null });
    // a second click on a stale list: refused in words, nothing more recorded
    expect(await deleteBudgetAction(r.id)).toEqual({
      ok: false,
      error: expect.stringMatching(/no longer exists/),
    });
    expect(await only("budget.delete")).toMatchObject({ objectId: r.id });
  });

  it("prices: creation, an edit with the old and new input price, and deletion", async () => {
    const model = `audit-model-${Date.now()}`;
    const base = {
      provider: "test",
      model,
      pattern: `^${model}$`,
      input: 3,
      output: 15,
      effectiveFrom: "2026-01-01",
      source: "test",
    };
    const r = await savePriceAction(base);
    if (!r.ok) throw new Error(r.error);
    expect(await only("price.create")).toMatchObject({
      objectId: r.id,
      objectLabel: `${model} from 2026-01-01`,
      before: null,
      after: { model, input: 3, output: 15, origin: "admin" },
    });
    const edit = await savePriceAction({ ...base, id: r.id, input: 2.5 });
    if (!edit.ok) throw new Error(edit.error);
    const updated = await only("price.update");
    expect([(updated.before as { input: number }).input, (updated.after as { input: number }).input]).toEqual(
      [3, 2.5],
    );
    expect(await deletePriceAction(r.id)).toEqual({ ok: true });
    expect(await only("price.delete")).toMatchObject({ before: { model, input: 2.5 }, after: null });
    expect(await deletePriceAction(r.id)).toEqual({
      ok: false,
      error: expect.stringMatching(/no longer exists/),
    });
    expect(await only("price.delete")).toMatchObject({ before: { model, input: 2.5 } });
  });

  it("project creation", async () => {
    const newSlug = `audit-${Date.now().toString(36)}`;
    expect(await createProjectAction({ slug: newSlug })).toEqual({ ok: true, slug: newSlug });
    const [p] = await handle.db.select().from(project).where(eq(project.slug, newSlug));
    expect(await only("project.create")).toMatchObject({
      objectId: p?.id,
      projectId: p?.id,
      before: null,
      after: { slug: newSlug, name: newSlug },
    });
  });
});

describe("a refused action writes nothing", () => {
  it("a viewer's attempt is refused and leaves no entry", async () => {
    // budgets are member work (roles): a viewer may not add one
    const viewer = await createUser(handle.db, "viewer");
    setActionRequest({ cookie: `${await signIn(viewer)}; fw_project=${slug}`, "user-agent": "m" });
    const r = await createBudgetAction({
      scope: "project",
      period: "daily",
      amountUsd: 1,
      warnPercent: 80,
      name: "",
    });
    expect(r.ok).toBe(false);
    const rows = await handle.db.select().from(auditLog).where(eq(auditLog.actorId, viewer.id));
    expect(rows).toEqual([]);
  });
});
