"use server";
// Server actions of Settings > Alerts > Destinations. Each checks for an admin first (before looking at the
// input), acts on the project in view, and records the change in the audit log.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { actionActor } from "@/lib/audit/record";
import { authorizeAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { destinationInputSchema } from "./config";
import { createDestination, DestinationError, deleteDestination, updateDestination } from "./queries";
import { sendTestNotification } from "./send-test";

type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string };

const PAGE = "/settings/alerts/destinations";
const firstIssue = (e: z.ZodError) => {
  const issue = e.issues[0];
  return issue
    ? `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`
    : "Invalid input";
};

async function admin() {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  return {
    ok: true as const,
    db,
    projectId: current.id,
    actor: await actionActor(auth.user),
    userId: auth.user.id,
  };
}

const idSchema = z.uuid();

export async function createDestinationAction(input: unknown): Promise<Result<{ secret: string | null }>> {
  const a = await admin();
  if (!a.ok) return a;
  const parsed = destinationInputSchema().safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  try {
    const { secret } = await createDestination({ ...a, input: parsed.data });
    revalidatePath(PAGE);
    return { ok: true, secret };
  } catch (e) {
    if (e instanceof DestinationError) return { ok: false, error: e.message };
    throw e;
  }
}

export async function setDestinationEnabledAction(id: string, enabled: boolean): Promise<Result> {
  const a = await admin();
  if (!a.ok) return a;
  const parsed = z.object({ id: idSchema, enabled: z.boolean() }).safeParse({ id, enabled });
  if (!parsed.success) return { ok: false, error: "No such destination." };
  const updated = await updateDestination({
    ...a,
    id: parsed.data.id,
    patch: { enabled: parsed.data.enabled },
  });
  revalidatePath(PAGE);
  return updated ? { ok: true } : { ok: false, error: "No such destination." };
}

export async function deleteDestinationAction(id: string): Promise<Result> {
  const a = await admin();
  if (!a.ok) return a;
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) return { ok: false, error: "No such destination." };
  const ok = await deleteDestination({ ...a, id: parsed.data });
  revalidatePath(PAGE);
  return ok ? { ok } : { ok: false, error: "No such destination." };
}

export async function sendTestDestinationAction(id: string): Promise<Result<{ detail: string }>> {
  const a = await admin();
  if (!a.ok) return a;
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) return { ok: false, error: "No such destination." };
  const r = await sendTestNotification({ db: a.db, projectId: a.projectId, id: parsed.data, actor: a.actor });
  revalidatePath(PAGE);
  if (!r) return { ok: false, error: "No such destination." };
  const tries = r.attempts === 1 ? "1 attempt" : `${r.attempts} attempts`;
  const answer = r.responseStatus ? `HTTP ${r.responseStatus}, ` : "";
  return r.status === "sent"
    ? { ok: true, detail: `Delivered (${answer}${tries}).` }
    : { ok: false, error: `Not delivered after ${tries}: ${r.error ?? "unknown error"}` };
}
