// The price table: bundled seed (lib/costs/prices.json), admin edits, and loading it for pricing.
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { instanceSetting, modelPrice } from "@/db/schema";
import { patternProblem } from "@/lib/patterns/safe-regex";
import bundled from "./prices.json";
import { PRICE_PATTERN_FLAGS, type PriceRow, type PriceTable, priceTable } from "./pricing";

const usd = z.coerce.number().nonnegative().max(100_000);
const optionalUsd = z.preprocess((v) => (v === "" || v === undefined ? null : v), usd.nullable());

export const priceInputSchema = z
  .object({
    id: z.uuid().optional(),
    provider: z.string().trim().min(1).max(100),
    model: z.string().trim().min(1).max(200),
    pattern: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .superRefine((p, ctx) => {
        const problem = patternProblem(p, PRICE_PATTERN_FLAGS);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    input: usd,
    output: usd,
    cacheRead: optionalUsd.default(null),
    cacheWrite5m: optionalUsd.default(null),
    cacheWrite1h: optionalUsd.default(null),
    longContextThreshold: z
      .preprocess(
        (v) => (v === "" || v === undefined ? null : v),
        z.coerce.number().int().positive().nullable(),
      )
      .optional(),
    longInput: optionalUsd.default(null),
    longOutput: optionalUsd.default(null),
    longCacheRead: optionalUsd.default(null),
    longCacheWrite5m: optionalUsd.default(null),
    longCacheWrite1h: optionalUsd.default(null),
    effectiveFrom: z.iso.date(),
    source: z.string().trim().min(1).max(1000),
  })
  .refine((p) => p.longContextThreshold == null || p.longInput != null, {
    message: "A long-context threshold needs a long-context input price",
    path: ["longInput"],
  });
export type PriceInput = z.input<typeof priceInputSchema>;

type Row = typeof modelPrice.$inferSelect;
const num = (v: string | null) => (v == null ? null : Number(v));
const str = (v: number | null | undefined) => (v == null ? null : String(v));

export function toPriceRow(r: Row): PriceRow & { id: string; origin: string; updatedAt: Date } {
  return {
    id: r.id,
    provider: r.provider,
    model: r.model,
    pattern: r.pattern,
    input: Number(r.input),
    output: Number(r.output),
    cacheRead: num(r.cacheRead),
    cacheWrite5m: num(r.cacheWrite5m),
    cacheWrite1h: num(r.cacheWrite1h),
    longContextThreshold: r.longContextThreshold,
    longInput: num(r.longInput),
    longOutput: num(r.longOutput),
    longCacheRead: num(r.longCacheRead),
    longCacheWrite5m: num(r.longCacheWrite5m),
    longCacheWrite1h: num(r.longCacheWrite1h),
    effectiveFrom: r.effectiveFrom,
    source: r.source,
    origin: r.origin,
    updatedAt: r.updatedAt,
  };
}

function toColumns(p: PriceRow) {
  return {
    provider: p.provider,
    model: p.model,
    pattern: p.pattern,
    input: String(p.input),
    output: String(p.output),
    cacheRead: str(p.cacheRead),
    cacheWrite5m: str(p.cacheWrite5m),
    cacheWrite1h: str(p.cacheWrite1h),
    longContextThreshold: p.longContextThreshold,
    longInput: str(p.longInput),
    longOutput: str(p.longOutput),
    longCacheRead: str(p.longCacheRead),
    longCacheWrite5m: str(p.longCacheWrite5m),
    longCacheWrite1h: str(p.longCacheWrite1h),
    effectiveFrom: p.effectiveFrom,
    source: p.source,
  };
}

/** The bundled rows, completed with nulls for the fields a row leaves out. */
export function bundledPrices(): PriceRow[] {
  return (bundled.prices as Partial<PriceRow>[]).map((p) => ({
    ...(p as PriceRow),
    longContextThreshold: null,
    longInput: null,
    longOutput: null,
    longCacheRead: null,
    longCacheWrite5m: null,
    longCacheWrite1h: null,
    ...p,
  })) as PriceRow[];
}

const SEEDED_KEY = "prices.seeded";

/**
 * Inserts bundled rows this database has not seen yet (model + effective date), once each: rows an admin edited
 * or deleted are not brought back. Runs after migrations; safe under concurrent callers.
 */
export async function seedBundledPrices(db: DbOrTx): Promise<number> {
  const rows = bundledPrices();
  const [setting] = await db.select().from(instanceSetting).where(eq(instanceSetting.key, SEEDED_KEY));
  const seen = new Set<string>(setting ? (JSON.parse(setting.value) as string[]) : []);
  const fresh = rows.filter((r) => !seen.has(`${r.model}@${r.effectiveFrom}`));
  if (fresh.length === 0) return 0;
  const inserted = await db
    .insert(modelPrice)
    .values(fresh.map((r) => ({ ...toColumns(r), origin: "bundled" })))
    .onConflictDoNothing()
    .returning({ id: modelPrice.id });
  const value = JSON.stringify([...seen, ...fresh.map((r) => `${r.model}@${r.effectiveFrom}`)].sort());
  await db
    .insert(instanceSetting)
    .values({ key: SEEDED_KEY, value })
    .onConflictDoUpdate({ target: instanceSetting.key, set: { value, updatedAt: sql`now()` } });
  return inserted.length;
}

/** Every price row, by model then newest first. */
export async function listPrices({ db }: { db: DbOrTx }) {
  const rows = await db
    .select()
    .from(modelPrice)
    .orderBy(asc(modelPrice.provider), asc(modelPrice.model), desc(modelPrice.effectiveFrom));
  return rows.map(toPriceRow);
}

// By version: row count, last update and the smallest row id (distinct across databases in one process).
const tables = new Map<string, PriceTable>();

/**
 * The table used to price usage. Every ingest batch that carries usage asks the database for the table's
 * version (row count and last update), so an edit made on any instance applies to the next batch everywhere;
 * the rows are reloaded (and the name lookups recomputed) only when it changed.
 */
export async function loadPriceTable(db: DbOrTx): Promise<PriceTable> {
  const [v] = await db
    .select({
      n: sql<number>`count(*)::int`,
      at: sql<string | null>`max(${modelPrice.updatedAt})::text`,
      id: sql<string | null>`min(${modelPrice.id}::text)`,
    })
    .from(modelPrice);
  const version = `${v?.n ?? 0}|${v?.at ?? ""}|${v?.id ?? ""}`;
  const hit = tables.get(version);
  if (hit) return hit;
  const rows = await db.select().from(modelPrice);
  const table = priceTable(rows.map(toPriceRow));
  if (tables.size >= 8) tables.clear();
  tables.set(version, table);
  return table;
}

export class PriceConflictError extends Error {}

/** Adds a row (no id) or updates one. A model has one row per effective date. */
export async function savePrice({ db, input }: { db: DbOrTx; input: PriceInput }) {
  const p = priceInputSchema.parse(input);
  const values = {
    ...toColumns({ ...p, longContextThreshold: p.longContextThreshold ?? null }),
    origin: "admin",
  };
  const clash = await db
    .select({ id: modelPrice.id })
    .from(modelPrice)
    .where(sql`${modelPrice.model} = ${p.model} and ${modelPrice.effectiveFrom} = ${p.effectiveFrom}`);
  if (clash.some((c) => c.id !== p.id)) {
    throw new PriceConflictError(
      `${p.model} already has a price effective from ${p.effectiveFrom}: edit that row or pick another date.`,
    );
  }
  if (p.id) {
    const [row] = await db
      .update(modelPrice)
      .set({ ...values, updatedAt: sql`now()` })
      .where(eq(modelPrice.id, p.id))
      .returning();
    if (!row) throw new PriceConflictError("That price row no longer exists.");
    return toPriceRow(row);
  }
  const [row] = await db.insert(modelPrice).values(values).returning();
  if (!row) throw new Error("price insert returned nothing");
  return toPriceRow(row);
}

/** Deletes a price row; the row as it was, or null when there was none. */
export async function deletePrice({ db, id }: { db: DbOrTx; id: string }) {
  const [row] = await db
    .delete(modelPrice)
    .where(inArray(modelPrice.id, [id]))
    .returning();
  return row ? toPriceRow(row) : null;
}

/** A price row by id (the audit log's "before"), or null. */
export async function getPrice({ db, id }: { db: DbOrTx; id: string }) {
  const [row] = await db.select().from(modelPrice).where(eq(modelPrice.id, id)).for("update");
  return row ? toPriceRow(row) : null;
}

/** A price row as the audit log shows it: its prices and dates, without the bookkeeping columns. */
export function priceAuditValues(row: ReturnType<typeof toPriceRow> | null) {
  if (!row) return null;
  const { id: _id, updatedAt: _updatedAt, ...values } = row;
  return values;
}
