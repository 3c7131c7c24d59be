// The one way to write the audit log. Call it in the same transaction as the change it records, so an entry
// exists exactly when the change committed. Entries are append-only (a trigger refuses UPDATE and DELETE).
import { headers as nextHeaders } from "next/headers";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { clientAddress } from "@/lib/auth/client-address";
import type { SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";

/** Who made a change and from where. */
export type AuditActor = {
  type: "user" | "key" | "system";
  /** user id, api key id, or the system job's name */
  id: string | null;
  /** shown in the log: the user's email, the key's name and prefix, the job's name */
  label: string;
  ip: string | null;
  userAgent: string | null;
};

export type AuditEntry = {
  /** Dotted verb: member.invite, member.role, key.create, issue.resolve, price.update, … */
  action: string;
  objectType: string;
  objectId?: string | null;
  objectLabel?: string | null;
  projectId?: string | null;
  /** The values the change replaced (null for a creation); only the fields that matter, never secrets. */
  before?: unknown;
  /** The values after the change (null for a deletion); never secrets (hashes, passwords, signing keys). */
  after?: unknown;
};

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const MAX_USER_AGENT = 512;

function requestInfo(headers: Headers | null) {
  if (!headers) return { ip: null, userAgent: null };
  return {
    ip: clientAddress(headers, env.FLEETWATCH_TRUST_PROXY),
    userAgent: headers.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null,
  };
}

export function userActor(user: Pick<SessionUser, "id" | "email">, headers: Headers | null): AuditActor {
  return { type: "user", id: user.id, label: user.email, ...requestInfo(headers) };
}

export function keyActor(key: { id: string; name: string; prefix?: string | null }, headers: Headers | null) {
  const label = key.prefix ? `key ${key.name} (${key.prefix}…)` : `key ${key.name}`;
  return { type: "key", id: key.id, label, ...requestInfo(headers) } satisfies AuditActor;
}

export function systemActor(job: string): AuditActor {
  return { type: "system", id: job, label: job, ip: null, userAgent: null };
}

/** For server actions: the signed-in user as an actor, with the request's address and user agent. */
export async function actionActor(user: Pick<SessionUser, "id" | "email">): Promise<AuditActor> {
  return userActor(user, await nextHeaders());
}

/** Appends entries; pass the transaction that makes the change. */
export async function recordAudit(db: Db | Tx, actor: AuditActor, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(
    entries.map((e) => ({
      actorType: actor.type,
      actorId: actor.id,
      actorLabel: actor.label,
      ip: actor.ip,
      userAgent: actor.userAgent,
      projectId: e.projectId ?? null,
      action: e.action,
      objectType: e.objectType,
      objectId: e.objectId ?? null,
      objectLabel: e.objectLabel ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}
