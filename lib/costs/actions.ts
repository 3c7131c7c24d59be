"use server";
// Server actions of the Costs page and Settings > Model prices. Each checks the session (admin: prices and
// re-pricing; member and up: budgets) and acts on the project in view where the data belongs to a project.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { authorize, authorizeAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { type BudgetInput, budgetInputSchema, createBudget, deleteBudget } from "./budgets";
import { deletePrice, PriceConflictError, type PriceInput, priceInputSchema, savePrice } from "./prices";
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
  try {
    const row = await savePrice({ db: await getDb(), input });
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
  await deletePrice({ db: await getDb(), id: z.uuid().parse(id) });
  revalidatePath("/settings/prices");
  return { ok: true };
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
  const r = await repriceHistory({ db: await getDb(), from: new Date(`${parsed.data.from}T00:00:00Z`) });
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
  const row = await createBudget({ db, projectId: current.id, input: parsed.data });
  revalidatePath("/costs");
  return { ok: true, id: row.id };
}

export async function deleteBudgetAction(id: string): Promise<ActionResult> {
  const auth = await authorize("triage");
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  await deleteBudget({ db, projectId: current.id, id: z.uuid().parse(id) });
  revalidatePath("/costs");
  return { ok: true };
}
