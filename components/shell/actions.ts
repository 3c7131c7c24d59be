"use server";
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { PROJECT_COOKIE } from "@/lib/projects/current";
import { getProjectBySlug } from "@/lib/projects/queries";

export async function switchProjectAction(slug: string): Promise<void> {
  await requireUser();
  const found = await getProjectBySlug({ db: await getDb(), slug });
  if (!found) throw new Error(`No project "${slug}".`);
  (await cookies()).set(PROJECT_COOKIE, found.slug, {
    path: "/",
    sameSite: "lax",
    maxAge: 60 * 60 * 24 * 365,
  });
}
