"use server";
// Server actions of the standups page and the "Standups & webhooks" settings. Each checks the session
// (settings: an admin) and acts on the project in view; each change is recorded in the audit log.
import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { project } from "@/db/schema";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { authorizeAdmin, requireUser } from "@/lib/auth/session";
import { ApiError } from "@/lib/http/errors";
import { OutboundRefusedError } from "@/lib/net/outbound";
import { getCurrentProject } from "@/lib/projects/current";
import { isDay } from "./days";
import { llmConfig, ProseError, rewriteAsProse } from "./prose";
import { getStandup } from "./queries";
import { sendTestStandup } from "./schedule";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  saveSchedule,
  scheduleInput,
  setWebhookEnabled,
  webhookAuditValues,
  webhookInput,
} from "./webhooks";

type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string };

const SETTINGS = "/settings/standups";
const firstIssue = (e: z.ZodError) => e.issues[0]?.message ?? "Invalid input";

/** The admin's project in view, or the refusal to return (before any input is looked at). */
async function adminProject() {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const actor = await actionActor(auth.user);
  return { ok: true as const, db, projectId: current.id, projectSlug: current.slug, actor };
}

const webhookObject = (projectId: string, w: { id: string; name: string }) => ({
  objectType: "webhook",
  objectId: w.id,
  objectLabel: w.name,
  projectId,
});

export async function saveScheduleAction(input: z.input<typeof scheduleInput>): Promise<Result> {
  const admin = await adminProject();
  if (!admin.ok) return admin;
  const { db, projectId, actor } = admin;
  const parsed = scheduleInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ standupTime: project.standupTime })
      .from(project)
      .where(eq(project.id, projectId))
      .for("update");
    await saveSchedule({ db: tx, projectId, input: parsed.data });
    await recordAudit(tx, actor, {
      action: "project.standup_time",
      objectType: "project",
      objectId: projectId,
      objectLabel: admin.projectSlug,
      projectId,
      before: { standupTime: before?.standupTime ?? null },
      after: { standupTime: parsed.data.standupTime },
    });
  });
  revalidatePath(SETTINGS);
  return { ok: true };
}

export async function createWebhookAction(
  input: z.input<typeof webhookInput>,
): Promise<Result<{ secret: string }>> {
  const admin = await adminProject();
  if (!admin.ok) return admin;
  const { db, projectId, actor } = admin;
  const parsed = webhookInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
  try {
    const { secret } = await db.transaction(async (tx) => {
      const created = await createWebhook({ db: tx, projectId, input: parsed.data });
      await recordAudit(tx, actor, {
        action: "webhook.create",
        ...webhookObject(projectId, { id: created.id, name: parsed.data.name }),
        after: webhookAuditValues({ ...parsed.data, enabled: true }),
      });
      return created;
    });
    revalidatePath(SETTINGS);
    return { ok: true, secret };
  } catch (e) {
    if (e instanceof OutboundRefusedError)
      return { ok: false, error: `Fleetwatch will not send there: ${e.message}` };
    throw e;
  }
}

export async function setWebhookEnabledAction(id: string, enabled: boolean): Promise<Result> {
  const admin = await adminProject();
  if (!admin.ok) return admin;
  const { db, projectId, actor } = admin;
  const webhookId = z.uuid().parse(id);
  const ok = await db.transaction(async (tx) => {
    const before = await getWebhook({ db: tx, projectId, id: webhookId });
    if (!before || !(await setWebhookEnabled({ db: tx, projectId, id: webhookId, enabled }))) return false;
    await recordAudit(tx, actor, {
      action: enabled ? "webhook.enable" : "webhook.disable",
      ...webhookObject(projectId, before),
      before: { enabled: before.enabled },
      after: { enabled },
    });
    return true;
  });
  revalidatePath(SETTINGS);
  return ok ? { ok } : { ok: false, error: "No such webhook." };
}

export async function deleteWebhookAction(id: string): Promise<Result> {
  const admin = await adminProject();
  if (!admin.ok) return admin;
  const { db, projectId, actor } = admin;
  const webhookId = z.uuid().parse(id);
  const ok = await db.transaction(async (tx) => {
    const before = await getWebhook({ db: tx, projectId, id: webhookId });
    if (!before || !(await deleteWebhook({ db: tx, projectId, id: webhookId }))) return false;
    await recordAudit(tx, actor, {
      action: "webhook.delete",
      ...webhookObject(projectId, before),
      before: webhookAuditValues(before),
    });
    return true;
  });
  revalidatePath(SETTINGS);
  return ok ? { ok } : { ok: false, error: "No such webhook." };
}

export async function sendTestAction(id: string): Promise<Result<{ status: string; detail: string }>> {
  const admin = await adminProject();
  if (!admin.ok) return admin;
  const { db, projectId } = admin;
  const r = await sendTestStandup({ db, projectId, webhookId: z.uuid().parse(id) });
  revalidatePath(SETTINGS);
  if (!r) return { ok: false, error: "No such webhook." };
  const tries = r.attempts === 1 ? "1 attempt" : `${r.attempts} attempts`;
  return r.status === "delivered"
    ? { ok: true, status: r.status, detail: `Delivered (HTTP ${r.responseStatus}, ${tries}).` }
    : { ok: false, error: `Not delivered after ${tries}: ${r.error ?? "unknown error"}` };
}

/** The standup of a day (or one agent's) rewritten as prose by the configured language model. */
export async function rewriteAsProseAction(input: {
  date: string;
  agent: string | null;
}): Promise<Result<{ prose: string }>> {
  await requireUser();
  const llm = llmConfig();
  if (!llm)
    return {
      ok: false,
      error: "No language model is configured (FLEETWATCH_LLM_URL, FLEETWATCH_LLM_MODEL).",
    };
  if (!isDay(input.date)) return { ok: false, error: "Pick a day (YYYY-MM-DD)." };
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  try {
    const { markdown } = await getStandup({
      db,
      projectId: current.id,
      date: input.date,
      agent: input.agent,
      baseUrl: null,
    });
    return { ok: true, prose: await rewriteAsProse({ markdown, llm }) };
  } catch (e) {
    if (e instanceof ProseError || e instanceof ApiError) return { ok: false, error: e.message };
    throw e;
  }
}
