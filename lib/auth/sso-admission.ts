// Who may get an account by signing in with the IdP (the OIDC callback creating a user), and who may sign in
// with it at all. Called from better-auth's hooks in lib/auth/server.ts.
import { randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberLink, projectAccess, user } from "@/db/schema";
import { recordAudit, userActor } from "@/lib/audit/record";
import { type Role, roleSchema } from "./roles";
import type { SsoConfig } from "./sso-config";
import type { SsoRefusalCode } from "./sso-errors";
import { countUsers } from "./users";

export type Admission =
  | { ok: true; role: Role; via: "invite"; inviteId: string; projectIds: string[] | null }
  | { ok: true; role: Role; via: "domain"; domain: string }
  | { ok: false; code: SsoRefusalCode };

export const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/**
 * The decision for a person the IdP vouched for and who has no account yet. An invite is claimed here (single
 * use, checked and marked in one statement, so two callbacks cannot both use it).
 * (a) a valid invite for the address: its role and projects; (b) a verified address of an allowed domain: the
 * default role; otherwise refused. Nothing is admitted before the setup admin exists.
 */
export async function admitSsoUser(
  db: Db,
  person: { email: string; emailVerified: boolean },
  config: Pick<SsoConfig, "allowedDomains" | "defaultRole">,
): Promise<Admission> {
  if ((await countUsers(db)) === 0) return { ok: false, code: "SSO_SETUP_FIRST" };
  const email = person.email.trim().toLowerCase();
  if (!email.includes("@")) return { ok: false, code: "SSO_NO_EMAIL" };

  const [invite] = await db
    .select({ id: memberLink.id })
    .from(memberLink)
    .where(
      and(
        eq(memberLink.kind, "invite"),
        eq(memberLink.email, email),
        isNull(memberLink.usedAt),
        isNull(memberLink.revokedAt),
        gt(memberLink.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(memberLink.createdAt))
    .limit(1);
  if (invite) {
    const [claimed] = await db
      .update(memberLink)
      .set({ usedAt: new Date() })
      .where(and(eq(memberLink.id, invite.id), isNull(memberLink.usedAt), isNull(memberLink.revokedAt)))
      .returning({ id: memberLink.id, role: memberLink.role, projectIds: memberLink.projectIds });
    if (claimed) {
      // An invite never makes an owner (there is one, the setup account); an unreadable role only reads.
      const parsed = roleSchema.safeParse(claimed.role);
      const role: Role = parsed.success && parsed.data !== "owner" ? parsed.data : "viewer";
      return { ok: true, role, via: "invite", inviteId: claimed.id, projectIds: claimed.projectIds };
    }
  }

  const domain = domainOf(email);
  if (person.emailVerified && config.allowedDomains.includes(domain)) {
    return { ok: true, role: config.defaultRole, via: "domain", domain };
  }
  return { ok: false, code: "SSO_INVITE_REQUIRED" };
}

/** The user row's fields an admission sets (role, project scope). */
export function admittedFields(admission: Extract<Admission, { ok: true }>) {
  const limited =
    admission.via === "invite" &&
    admission.projectIds !== null &&
    !["admin", "owner"].includes(admission.role);
  return { role: admission.role, allProjects: !limited };
}

/** After the user row exists: its project access (an invite limited to projects) and the audit entry. */
export async function completeSsoJoin(
  db: Db,
  created: { id: string; email: string },
  admission: Extract<Admission, { ok: true }>,
  headers: Headers | null,
) {
  await db.transaction(async (tx) => {
    const { allProjects } = admittedFields(admission);
    if (!allProjects && admission.via === "invite" && admission.projectIds?.length) {
      await tx
        .insert(projectAccess)
        .values(admission.projectIds.map((projectId) => ({ userId: created.id, projectId })))
        .onConflictDoNothing();
    }
    await recordAudit(tx, userActor(created, headers), {
      action: "member.join",
      objectType: "user",
      objectId: created.id,
      objectLabel: created.email,
      before: null,
      after: {
        via: "sso",
        role: admission.role,
        ...(admission.via === "invite"
          ? { invite: admission.inviteId, projects: admission.projectIds }
          : { domain: admission.domain }),
      },
    });
  });
}

/** For a returning IdP sign-in (or linking to an existing account): refused when the account is switched off. */
export async function refusalForExistingUser(db: Db, userId: string): Promise<SsoRefusalCode | null> {
  const [row] = await db
    .select({ deactivatedAt: user.deactivatedAt, removedAt: user.removedAt })
    .from(user)
    .where(eq(user.id, userId));
  if (!row) return null;
  return row.deactivatedAt || row.removedAt ? "SSO_ACCOUNT_DEACTIVATED" : null;
}

// The before hook decides (and claims the invite); the after hook, once the row exists, writes project access
// and the audit entry. The decision travels by the user id the before hook assigns.
const pending = new Map<string, Extract<Admission, { ok: true }>>();

export function holdAdmission(admission: Extract<Admission, { ok: true }>): string {
  const id = randomUUID();
  pending.set(id, admission);
  // Dropped if the insert never happens (it fails after the claim): a callback finishes well within a minute.
  setTimeout(() => pending.delete(id), 60_000).unref();
  return id;
}

export function takeAdmission(userId: string) {
  const admission = pending.get(userId);
  pending.delete(userId);
  return admission;
}
