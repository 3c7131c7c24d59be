// Renaming and deleting a project (Settings > Projects, admins). A rename changes the display name only: the slug
// is in URLs, in runners' configuration and in `--project` flags, so it stays. A delete marks the project
// deleted_at in one short transaction (it vanishes from menus, pages and the API, and ingest refuses its keys at
// once); lib/projects/purge.ts removes its rows afterwards in small batches.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { notification, project } from "@/db/schema";
import { type AuditActor, recordAudit } from "@/lib/audit/record";
import { PROJECT_SLUG } from "./queries";

const slug = z.string().trim().regex(PROJECT_SLUG, "Pick a project from the list.");

export const renameProjectInput = z.object({
  slug,
  name: z
    .string()
    .trim()
    .min(1, "Give the project a name.")
    .max(80, "Keep the name under 80 characters.")
    .refine(
      (s) => ![...s].some((c) => c < " " || c === "\u007f"),
      "The name cannot hold control characters.",
    ),
});

export const deleteProjectInput = z.object({ slug, confirm: z.string().max(200) });

export type Result = { ok: true } | { ok: false; error: string };

const NO_SUCH = "No such project: it may have been deleted already.";

export async function renameProject({
  db,
  actor,
  input,
}: {
  db: Db;
  actor: AuditActor;
  input: z.output<typeof renameProjectInput>;
}): Promise<Result> {
  return db.transaction(async (tx) => {
    // the row lock makes two renames at once apply one after the other, each audited with a true "before"
    const [p] = await tx
      .select({ id: project.id, slug: project.slug, name: project.name })
      .from(project)
      .where(and(eq(project.slug, input.slug), isNull(project.deletedAt)))
      .for("update");
    if (!p) return { ok: false, error: NO_SUCH };
    if (p.name === input.name) return { ok: true };
    await tx.update(project).set({ name: input.name }).where(eq(project.id, p.id));
    await recordAudit(tx, actor, {
      action: "project.rename",
      objectType: "project",
      objectId: p.id,
      objectLabel: p.slug,
      projectId: p.id,
      before: { name: p.name },
      after: { name: input.name },
    });
    return { ok: true };
  });
}

/**
 * Marks the project deleted. Refused unless `confirm` is the project's slug (typed by the admin), and for the
 * last live project: the console always shows one project and the runners' keys need one to belong to, and an
 * empty instance would silently recreate "default" on the next page view.
 */
export async function deleteProject({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: AuditActor;
  input: z.output<typeof deleteProjectInput>;
  now?: Date;
}): Promise<Result> {
  return db.transaction(async (tx) => {
    // Lock every live project: two admins deleting the last two projects at once apply one after the other,
    // and the second sees that only one is left.
    const live = await tx
      .select({ id: project.id, slug: project.slug, name: project.name, createdAt: project.createdAt })
      .from(project)
      .where(isNull(project.deletedAt))
      .orderBy(asc(project.id))
      .for("update");
    const p = live.find((r) => r.slug === input.slug);
    if (!p) return { ok: false, error: NO_SUCH };
    if (input.confirm.trim() !== p.slug) {
      return { ok: false, error: `Type the project's slug, ${p.slug}, to confirm.` };
    }
    if (live.length === 1) {
      return { ok: false, error: "This is the only project: create another one before deleting it." };
    }
    await tx.update(project).set({ deletedAt: now }).where(eq(project.id, p.id));
    // Nothing more goes out for it: notifications waiting in the outbox are dropped now, not at the purge.
    await tx
      .delete(notification)
      .where(and(eq(notification.projectId, p.id), inArray(notification.status, ["pending", "sending"])));
    await recordAudit(tx, actor, {
      action: "project.delete",
      objectType: "project",
      objectId: p.id,
      objectLabel: p.slug,
      projectId: p.id,
      before: { slug: p.slug, name: p.name, created_at: p.createdAt.toISOString() },
      after: { deleted_at: now.toISOString() },
    });
    return { ok: true };
  });
}
