// The audit log is append-only in PostgreSQL itself, and recordAudit writes with the change's transaction.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditLog } from "@/db/schema";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { openTestDb } from "@/tests/helpers/db";
import { recordAudit, systemActor, userActor } from "./record";

describe("recordAudit", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(() => handle.close());

  it("stores who, from where, what, before and after", async () => {
    const headers = new Headers({ "user-agent": "Mozilla/5.0 test", [PEER_ADDRESS_HEADER]: "203.0.113.9" });
    const actor = userActor({ id: "u-audit-1", email: "ada@fleet.test" }, headers);
    await recordAudit(handle.db, actor, {
      action: "member.role",
      objectType: "user",
      objectId: "u-2",
      objectLabel: "bob@fleet.test",
      before: { role: "viewer" },
      after: { role: "member" },
    });
    const [row] = await handle.db.select().from(auditLog).where(sql`${auditLog.actorId} = 'u-audit-1'`);
    expect(row).toMatchObject({
      actorType: "user",
      actorLabel: "ada@fleet.test",
      ip: "203.0.113.9",
      userAgent: "Mozilla/5.0 test",
      action: "member.role",
      objectLabel: "bob@fleet.test",
      before: { role: "viewer" },
      after: { role: "member" },
    });
  });

  it("rolls back with the change it belongs to", async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await recordAudit(tx, systemActor("audit-rollback-test"), { action: "x.y", objectType: "x" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    const rows = await handle.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.actorId} = 'audit-rollback-test'`);
    expect(rows).toHaveLength(0);
  });

  it("cannot be edited or deleted, even with SQL", async () => {
    await recordAudit(handle.db, systemActor("audit-immutable-test"), { action: "x.y", objectType: "x" });
    await expect(
      handle.db.execute(sql`update audit_log set action = 'forged' where actor_id = 'audit-immutable-test'`),
    ).rejects.toThrow();
    await expect(
      handle.db.execute(sql`delete from audit_log where actor_id = 'audit-immutable-test'`),
    ).rejects.toThrow();
    const rows = await handle.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.actorId} = 'audit-immutable-test'`);
    expect(rows.map((r) => r.action)).toEqual(["x.y"]);
  });
});
