"use server";
// Server actions of Settings > Schedules. Each checks the session's role (triage, as alert rules: lib/auth/roles)
// and acts on the project in view; each change is recorded in the audit log (lib/schedules/manage.ts).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { actionActor } from "@/lib/audit/record";
import { authorize } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { createSchedule, deleteSchedule, updateSchedule } from "./manage";
import { scheduleInput } from "./schemas";

type Result = { ok: true } | { ok: false; error: string };

const idSchema = z.uuid();
const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? "Invalid input";

async function triageProject() {
  const auth = await authorize("triage");
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  return {
    ok: true as const,
    db,
    projectId: current.id,
    user: auth.user,
    actor: await actionActor(auth.user),
  };
}

function done(r: { ok: true } | { ok: false; error: string }): Result {
  if (!r.ok) return r;
  revalidatePath("/settings/schedules");
  revalidatePath("/schedules");
  return { ok: true };
}

export async function createScheduleAction(input: z.input<typeof scheduleInput>): Promise<Result> {
  const ctx = await triageProject();
  if (!ctx.ok) return ctx;
  const parsed = scheduleInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  return done(await createSchedule({ ...ctx, userId: ctx.user.id, input: parsed.data }));
}

export async function updateScheduleAction(
  id: string,
  input: z.input<typeof scheduleInput>,
): Promise<Result> {
  const ctx = await triageProject();
  if (!ctx.ok) return ctx;
  const parsedId = idSchema.safeParse(id);
  if (!parsedId.success) return { ok: false, error: "This schedule no longer exists." };
  const parsed = scheduleInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  return done(await updateSchedule({ ...ctx, id: parsedId.data, input: parsed.data }));
}

export async function deleteScheduleAction(id: string): Promise<Result> {
  const ctx = await triageProject();
  if (!ctx.ok) return ctx;
  const parsedId = idSchema.safeParse(id);
  if (!parsedId.success) return { ok: false, error: "This schedule no longer exists." };
  return done(await deleteSchedule({ ...ctx, id: parsedId.data }));
}
