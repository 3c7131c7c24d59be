"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { getDb } from "@/db/client";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { authorizeAdmin } from "@/lib/auth/session";
import { PROJECT_COOKIE } from "./current";
import { ensureProject, getProjectBySlug, PROJECT_SLUG, projectCreatedEntry } from "./queries";

const input = z.object({
  slug: z
    .string()
    .trim()
    .regex(PROJECT_SLUG, "Use lowercase letters, digits and dashes, starting with a letter or digit."),
});

export async function createProjectAction(raw: { slug: string }): Promise<{ ok: boolean; error?: string }> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = input.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message };
  const db = await getDb();
  if (await getProjectBySlug({ db, slug: parsed.data.slug })) {
    return { ok: false, error: `A project "${parsed.data.slug}" exists already.` };
  }
  const actor = await actionActor(auth.user);
  const created = await db.transaction(async (tx) => {
    const row = await ensureProject({ db: tx, slug: parsed.data.slug });
    await recordAudit(tx, actor, projectCreatedEntry(row));
    return row;
  });
  (await cookies()).set(PROJECT_COOKIE, created.slug, {
    path: "/",
    sameSite: "lax",
    maxAge: 60 * 60 * 24 * 365,
  });
  revalidatePath("/", "layout");
  return { ok: true };
}
