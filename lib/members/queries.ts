// The Members page's reads: every account that was not removed, how it signs in, and the pending invites.
import { and, asc, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { account, memberLink, project, user } from "@/db/schema";

export type MemberRow = {
  id: string;
  name: string;
  email: string;
  role: string;
  allProjects: boolean;
  lastSeenAt: Date | null;
  createdAt: Date;
  status: "active" | "deactivated";
  /** "password", or the SSO provider ids the account signs in with. */
  signIn: string[];
};

/** Bounded: a console's team is people, not rows of data; 1000 is far past any real team. */
const MAX_MEMBERS = 1000;

export async function listMembers({ db }: { db: Db }): Promise<MemberRow[]> {
  const rows = await db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      allProjects: user.allProjects,
      lastSeenAt: user.lastSeenAt,
      createdAt: user.createdAt,
      deactivatedAt: user.deactivatedAt,
      providers: sql<
        string[]
      >`coalesce(array_agg(distinct ${account.providerId}) filter (where ${account.providerId} is not null), '{}')`,
    })
    .from(user)
    .leftJoin(account, eq(account.userId, user.id))
    .where(isNull(user.removedAt))
    .groupBy(user.id)
    .orderBy(asc(user.createdAt))
    .limit(MAX_MEMBERS);
  return rows.map(({ deactivatedAt, providers, ...r }) => ({
    ...r,
    status: deactivatedAt ? "deactivated" : "active",
    signIn: providers.map((p) => (p === "credential" ? "password" : p)).sort(),
  }));
}

export type PendingInvite = {
  id: string;
  email: string;
  role: string;
  projects: string[] | null;
  createdAt: Date;
  expiresAt: Date;
};

export async function listPendingInvites({ db }: { db: Db }): Promise<PendingInvite[]> {
  const links = await db
    .select()
    .from(memberLink)
    .where(
      and(
        eq(memberLink.kind, "invite"),
        isNull(memberLink.usedAt),
        isNull(memberLink.revokedAt),
        gt(memberLink.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(memberLink.createdAt))
    .limit(MAX_MEMBERS);
  const ids = [...new Set(links.flatMap((l) => l.projectIds ?? []))];
  const names = new Map(
    ids.length
      ? (
          await db
            .select({ id: project.id, name: project.name })
            .from(project)
            .where(inArray(project.id, ids))
        ).map((p) => [p.id, p.name] as const)
      : [],
  );
  return links.map((l) => ({
    id: l.id,
    email: l.email,
    role: l.role ?? "member",
    projects: l.projectIds ? l.projectIds.map((id) => names.get(id) ?? "(deleted project)") : null,
    createdAt: l.createdAt,
    expiresAt: l.expiresAt,
  }));
}
