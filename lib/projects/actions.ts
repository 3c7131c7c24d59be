"use server";
// Server actions of Settings > Projects: admin only. Creating a project does not switch the console to it (the
// form offers "Switch to it"); rename and delete are in lib/projects/manage.ts.
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { authorizeAdmin } from "@/lib/auth/session";
import { accessibleProjects } from "./access";
import { PROJECT_COOKIE } from "./current";
import { deleteProject, deleteProjectInput, renameProject, renameProjectInput } from "./manage";
import { ensureProject, getProjectBySlug, PROJECT_SLUG, projectCreatedEntry } from "./queries";

const input = z.object({
  slug: z
    .string()
    .trim()
    .regex(PROJECT_SLUG, "Use lowercase letters, digits and dashes, starting with a letter or digit."),
});

type Refusal = { ok: false; error: string };
const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? "Invalid input";

export async function createProjectAction(raw: {
  slug: string;
}): Promise<{ ok: true; slug: string } | Refusal> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const db = await getDb();
  if (await getProjectBySlug({ db, slug: parsed.data.slug })) {
    return { ok: false, error: `A project "${parsed.data.slug}" exists already.` };
  }
  const actor = await actionActor(auth.user);
  try {
    const created = await db.transaction(async (tx) => {
      const row = await ensureProject({ db: tx, slug: parsed.data.slug });
      await recordAudit(tx, actor, projectCreatedEntry(row));
      return row;
    });
    revalidatePath("/", "layout");
    return { ok: true, slug: created.slug };
  } catch (error) {
    // the slug of a deleted project still awaiting its purge (ensureProject says so)
    return { ok: false, error: (error as Error).message };
  }
}

export async function renameProjectAction(raw: {
  slug: string;
  name: string;
}): Promise<{ ok: true } | Refusal> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = renameProjectInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const r = await renameProject({
    db: await getDb(),
    actor: await actionActor(auth.user),
    input: parsed.data,
  });
  if (r.ok) revalidatePath("/", "layout");
  return r;
}

/** On success, `showing` names the project the console shows from now on when the deleted one was in view. */
export async function deleteProjectAction(raw: {
  slug: string;
  confirm: string;
}): Promise<{ ok: true; showing: string | null } | Refusal> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = deleteProjectInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  const db = await getDb();
  const jar = await cookies();
  const before = await accessibleProjects(db, auth.user);
  const inView = before.find((p) => p.slug === jar.get(PROJECT_COOKIE)?.value) ?? before[0];
  const r = await deleteProject({ db, actor: await actionActor(auth.user), input: parsed.data });
  if (!r.ok) return r;
  let showing: string | null = null;
  const next = (await accessibleProjects(db, auth.user))[0];
  if (inView?.slug === parsed.data.slug && next) {
    // the project in view is gone: the console says which one it shows now instead of relabelling silently
    jar.set(PROJECT_COOKIE, next.slug, { path: "/", sameSite: "lax", maxAge: 60 * 60 * 24 * 365 });
    showing = next.name;
  }
  revalidatePath("/", "layout");
  return { ok: true, showing };
}
