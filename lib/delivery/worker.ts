// The outbox worker: claims due notifications, sends each outside any transaction, records the outcome.
// Claim = one UPDATE over a FOR UPDATE SKIP LOCKED subquery: a row is taken by exactly one instance (the others
// skip it while it is locked, and see it "sending" with a live lease after), and gets a lease (claimed_until)
// so a row whose instance died mid-send is taken again once the lease runs out. The outcome is written only
// while this instance still holds the claim (claimed_by), so a late answer cannot overwrite a newer attempt.
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { destination, incident, notification, user } from "@/db/schema";
import type { MailConfig } from "@/lib/mail/mailer";
import { parseStoredConfig } from "./config";
import { type Attempt, type FetchLike, nextDelay, OUTBOX_POLICY, type RetryPolicy } from "./http";
import { alertMessageSchema } from "./outbox";
import { sendTo, type Target } from "./senders";

export type WorkerOptions = {
  instanceId?: string;
  fetch?: FetchLike;
  /** Default: the console's mail settings. */
  mail?: MailConfig | null;
  policy?: RetryPolicy;
  /** How long a claim holds: longer than the slowest send (timeouts are 10-20 s). */
  leaseMs?: number;
  /** Rows claimed per pass. */
  limit?: number;
  /** Only these projects' rows (tests share one database). */
  projectIds?: string[];
};

export type DeliveryOutcome = {
  id: string;
  status: "sent" | "pending" | "failed" | "suppressed" | "lost";
  attempts: number;
  responseStatus: number | null;
  error: string | null;
};

const DEFAULT_LEASE_MS = 5 * 60_000;

/** Takes up to `limit` due rows for this instance; returns their ids. */
async function claim(
  db: DbOrTx,
  now: Date,
  instanceId: string,
  leaseMs: number,
  limit: number,
  projectIds?: string[],
) {
  const scope =
    projectIds && projectIds.length > 0
      ? sql`and project_id in (${sql.join(
          projectIds.map((p) => sql`${p}::uuid`),
          sql`, `,
        )})`
      : sql``;
  const result = await db.execute(sql`
    update notification n
       set status = 'sending', claimed_by = ${instanceId},
           claimed_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz, attempts = n.attempts + 1
     where n.id in (
       select id from notification
        where ((status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz)
           or (status = 'sending' and claimed_until < ${now.toISOString()}::timestamptz))
          ${scope}
          -- nothing more goes out for a deleted project (its rows await the purge)
          and not exists (select 1 from project p where p.id = notification.project_id and p.deleted_at is not null)
        order by next_attempt_at
        limit ${limit}
        for update skip locked)
    returning n.id`);
  return rowsOf<{ id: string }>(result);
}

type Claimed = Awaited<ReturnType<typeof loadClaimed>>[number];

function loadClaimed(db: DbOrTx, ids: string[]) {
  return db
    .select({
      n: notification,
      dest: { kind: destination.kind, config: destination.config, enabled: destination.enabled },
      muted: incident.muted,
      email: user.email,
      userGone: sql<boolean>`(${user.removedAt} is not null or ${user.deactivatedAt} is not null)`,
    })
    .from(notification)
    .leftJoin(destination, eq(destination.id, notification.destinationId))
    .leftJoin(incident, eq(incident.id, notification.incidentId))
    .leftJoin(user, eq(user.id, notification.userId))
    .where(inArray(notification.id, ids));
}

/** Why a claimed row is not to be sent, or the target to send it to. */
function resolveTarget(row: Claimed): { suppress: string } | { fail: string } | { target: Target } {
  if (row.muted) return { suppress: "the incident is muted" };
  if (row.n.destinationId) {
    if (!row.dest?.kind) return { suppress: "the destination was deleted" };
    if (!row.dest.enabled) return { suppress: "the destination is disabled" };
    try {
      return { target: parseStoredConfig(row.dest.kind, row.dest.config) };
    } catch (e) {
      return { fail: `the destination's settings are invalid: ${(e as Error).message.slice(0, 200)}` };
    }
  }
  if (!row.email) return { suppress: "the member was deleted" };
  if (row.userGone) return { suppress: "the member is deactivated or removed" };
  return { target: { kind: "member", email: row.email } };
}

async function finish(
  db: DbOrTx,
  id: string,
  instanceId: string,
  set: Partial<typeof notification.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(notification)
    .set({ ...set, claimedUntil: null })
    .where(
      and(
        eq(notification.id, id),
        eq(notification.claimedBy, instanceId),
        eq(notification.status, "sending"),
      ),
    )
    .returning({ id: notification.id });
  return rows.length > 0;
}

async function deliverOne(
  db: DbOrTx,
  row: Claimed,
  now: Date,
  opts: Required<Pick<WorkerOptions, "instanceId" | "policy">> & WorkerOptions,
): Promise<DeliveryOutcome> {
  const { instanceId, policy } = opts;
  const attempts = row.n.attempts;
  const base = { id: row.n.id, attempts };
  const decided = resolveTarget(row);
  if ("suppress" in decided) {
    await finish(db, row.n.id, instanceId, { status: "suppressed", lastError: decided.suppress });
    return { ...base, status: "suppressed", responseStatus: null, error: decided.suppress };
  }
  const message = alertMessageSchema.safeParse(row.n.payload);
  const problem = "fail" in decided ? decided.fail : message.success ? null : "the stored message is invalid";
  let result: Attempt;
  if (problem || !message.success || !("target" in decided))
    result = { ok: false, responseStatus: null, error: problem, retryable: false, retryAfterMs: null };
  else
    result = await sendTo(decided.target, message.data, row.n.id, {
      fetch: opts.fetch,
      mail: opts.mail,
      timeoutMs: policy.timeoutMs,
    });
  const wait = nextDelay(policy, attempts, result);
  const status = result.ok ? "sent" : wait === null ? "failed" : "pending";
  const kept = await finish(db, row.n.id, instanceId, {
    status,
    responseStatus: result.responseStatus,
    lastError: result.error,
    ...(result.ok ? { sentAt: new Date() } : {}),
    ...(status === "pending" ? { nextAttemptAt: new Date(now.getTime() + (wait ?? 0)) } : {}),
  });
  return {
    ...base,
    status: kept ? status : "lost",
    responseStatus: result.responseStatus,
    error: result.error,
  };
}

/** One pass: claims the due rows, sends them (in parallel, each bounded by its timeout), records outcomes. */
export async function runDeliveryOnce(db: DbOrTx, now: Date = new Date(), options: WorkerOptions = {}) {
  const opts = {
    ...options,
    instanceId: options.instanceId ?? "fleetwatch",
    policy: options.policy ?? OUTBOX_POLICY,
  };
  const claimed = await claim(
    db,
    now,
    opts.instanceId,
    options.leaseMs ?? DEFAULT_LEASE_MS,
    options.limit ?? 20,
    options.projectIds,
  );
  if (claimed.length === 0) return [];
  const rows = await loadClaimed(
    db,
    claimed.map((r) => r.id),
  );
  return Promise.all(rows.map((row) => deliverOne(db, row, now, opts)));
}
