"use server";
// Server actions of the Costs page and Settings > Model prices. Each checks the session (admin: prices and
// re-pricing; member and up: budgets) and acts on the project in view where the data belongs to a project.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { authorize, authorizeAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import {
  type BudgetInput,
  budgetAuditValues,
  budgetInputSchema,
  createBudget,
  deleteBudget,
} from "./budgets";
import {
  deletePrice,
  getPrice,
  PriceConflictError,
  type PriceInput,
  priceAuditValues,
  priceInputSchema,
  savePrice,
} from "./prices";
import { repriceHistory } from "./reprice";

export type ActionResult<T = object> = ({ ok: true } & T) | { ok: false; error: string };

function invalid(error: z.ZodError): { ok: false; error: string } {
  const issue = error.issues[0];
  const field = issue?.path.join(".");
  return { ok: false, error: issue ? `${field ? `${field}: ` : ""}${issue.message}` : "Invalid input" };
}

export async function savePriceAction(input: PriceInput): Promise<ActionResult<{ id: string }>> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = priceInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const actor = await actionActor(auth.user);
  try {
    const row = await (await getDb()).transaction(async (tx) => {
      const before = parsed.data.id ? await getPrice({ db: tx, id: parsed.data.id }) : null;
      const saved = await savePrice({ db: tx, input });
      await recordAudit(tx, actor, {
        action: before ? "price.update" : "price.create",
        objectType: "model_price",
        objectId: saved.id,
        objectLabel: `${saved.model} from ${saved.effectiveFrom}`,
        before: priceAuditValues(before),
        after: priceAuditValues(saved),
      });
      return saved;
    });
    revalidatePath("/settings/prices");
    return { ok: true, id: row.id };
  } catch (e) {
    if (e instanceof PriceConflictError) return { ok: false, error: e.message };
    throw e;
  }
}

export async function deletePriceAction(id: string): Promise<ActionResult> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return { ok: false, error: "No such price." };
  const actor = await actionActor(auth.user);
  const found = await (await getDb()).transaction(async (tx) => {
    const deleted = await deletePrice({ db: tx, id: parsed.data });
    if (!deleted) return false;
    await recordAudit(tx, actor, {
      action: "price.delete",
      objectType: "model_price",
      objectId: deleted.id,
      objectLabel: `${deleted.model} from ${deleted.effectiveFrom}`,
      before: priceAuditValues(deleted),
    });
    return true;
  });
  revalidatePath("/settings/prices");
  // someone else deleted it first: say so rather than pretend this click did it
  return found
    ? { ok: true }
    : { ok: false, error: "That price no longer exists (deleted meanwhile?); the list is reloaded." };
}

const repriceInput = z.object({ from: z.iso.date("Pick the date to re-price from (YYYY-MM-DD)") });

/** Recomputes the cost of stored usage from `from` (UTC day) with the current table, in every project. */
export async function repriceHistoryAction(
  input: z.input<typeof repriceInput>,
): Promise<ActionResult<{ usageEvents: number; jobs: number }>> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = repriceInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const actor = await actionActor(auth.user);
  const from = new Date(`${parsed.data.from}T00:00:00Z`);
  const r = await repriceHistory({ db: await getDb(), from, actor });
  revalidatePath("/costs");
  revalidatePath("/settings/prices");
  return { ok: true, ...r };
}

export async function createBudgetAction(input: BudgetInput): Promise<ActionResult<{ id: string }>> {
  const auth = await authorize("triage");
  if (!auth.ok) return auth;
  const parsed = budgetInputSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const actor = await actionActor(auth.user);
  const row = await db.transaction(async (tx) => {
    const created = await createBudget({ db: tx, projectId: current.id, input: parsed.data });
    await recordAudit(tx, actor, {
      action: "budget.create",
      objectType: "budget",
      objectId: created.id,
      objectLabel: created.name ?? `${created.scope} ${created.period}`,
      projectId: current.id,
      after: budgetAuditValues(created),
    });
    return created;
  });
  revalidatePath("/costs");
  return { ok: true, id: row.id };
}

export async function deleteBudgetAction(id: string): Promise<ActionResult> {
  const auth = await authorize("triage");
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) return { ok: false, error: "No such budget." };
  const actor = await actionActor(auth.user);
  const found = await db.transaction(async (tx) => {
    const deleted = await deleteBudget({ db: tx, projectId: current.id, id: parsed.data });
    if (!deleted) return false;
    await recordAudit(tx, actor, {
      action: "budget.delete",
      objectType: "budget",
      objectId: deleted.id,
      objectLabel: deleted.name ?? `${deleted.scope} ${deleted.period}`,
      projectId: current.id,
      before: budgetAuditValues(deleted),
    });
    return true;
  });
  revalidatePath("/costs");
  return found
    ? { ok: true }
    : { ok: false, error: "That budget no longer exists (deleted meanwhile?); the list is reloaded." };
}
