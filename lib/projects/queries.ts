import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { project } from "@/db/schema";
import type { AuditEntry } from "@/lib/audit/record";
import { daysAround, ensureDays } from "@/lib/retention/partitions";

export type Project = typeof project.$inferSelect;

export const PROJECT_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * A deleted project (deleted_at set) is gone for everyone at once: menus, pages, the API and ingest never see it,
 * while lib/projects/purge.ts removes its rows in the background. Every lookup below asks for live projects only.
 */
export const isLive = isNull(project.deletedAt);

export function listProjects({ db }: { db: DbOrTx }): Promise<Project[]> {
  return db.select().from(project).where(isLive).orderBy(asc(project.createdAt), asc(project.slug));
}

export async function getProjectBySlug({ db, slug }: { db: DbOrTx; slug: string }): Promise<Project | null> {
  const [row] = await db
    .select()
    .from(project)
    .where(and(eq(project.slug, slug), isLive));
  return row ?? null;
}

/** The refusal for a slug whose project is deleted but not yet purged (the slug is unique until then). */
export function slugPendingDeletion(slug: string) {
  return `The project "${slug}" was deleted and its data is still being removed; its name is free again in a few minutes.`;
}

/** The project with this slug, created when missing (idempotent under concurrency). */
export async function ensureProject({ db, slug, name }: { db: DbOrTx; slug: string; name?: string }) {
  if (!PROJECT_SLUG.test(slug)) {
    throw new Error(
      `Invalid project name "${slug}": use lowercase letters, digits and dashes (at most 63 characters).`,
    );
  }
  const created = await db
    .insert(project)
    .values({ slug, name: name ?? slug })
    .onConflictDoNothing({ target: project.slug })
    .returning({ id: project.id });
  // its event partitions for the days around now (others are made on demand, and daily by retention)
  for (const c of created)
    await ensureDays(
      db,
      daysAround(new Date()).map((day) => ({ projectId: c.id, day })),
    );
  // read with deleted rows too: a deleted project awaiting its purge still holds the slug, and must not come back
  const [found] = await db.select().from(project).where(eq(project.slug, slug));
  if (!found) throw new Error(`project ${slug} could not be created`);
  if (found.deletedAt) throw new Error(slugPendingDeletion(slug));
  return found;
}

/** The audit entry of a project's creation. */
export function projectCreatedEntry(p: Project): AuditEntry {
  return {
    action: "project.create",
    objectType: "project",
    objectId: p.id,
    objectLabel: p.slug,
    projectId: p.id,
    after: { slug: p.slug, name: p.name },
  };
}

/** The project's fleet settings: its time zone and when a job counts as stalled and an agent as offline. */
export async function getProjectSettings({ db, projectId }: { db: DbOrTx; projectId: string }) {
  const [p] = await db
    .select({
      timezone: project.timezone,
      stallAfterSeconds: project.stallAfterSeconds,
      offlineAfterSeconds: project.offlineAfterSeconds,
    })
    .from(project)
    .where(eq(project.id, projectId));
  return p ?? { timezone: "UTC", stallAfterSeconds: 900, offlineAfterSeconds: 1800 };
}
