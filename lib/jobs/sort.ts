// Sorting and keyset paging of the jobs list. Every column of the list sorts on the server; the order is
// (column, id) so it is total and stable, and the cursor carries the last row's (column, id) so paging stays
// exact under any sort, however many rows share a value. Nullable columns put unknowns last in both directions
// (cheapest or dearest first, jobs without a cost after either), so the keyset condition knows where nulls are.
import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { job } from "@/db/schema";
import { badRequest } from "@/lib/http/errors";
import { JOB_SORTS, type JobSort, SORT_DIRS, type SortDir } from "./schemas";

type Kind = "time" | "text" | "int" | "decimal";
type SortDef = { expr: SQL | AnyColumn; kind: Kind; nullable: boolean };

// The title sorts by its first 200 characters (as shown: the runner's id when there is no title), so a cursor
// stays short whatever a runner sent; equal prefixes fall back to the id like any tie.
const SORTS: Record<JobSort, SortDef> = {
  // started, else queued, else first seen: the generated sort_at, indexed with (project_id, sort_at, id)
  started: { expr: job.sortAt, kind: "time", nullable: false },
  status: { expr: job.status, kind: "text", nullable: false },
  title: { expr: sql`left(coalesce(${job.title}, ${job.externalId}), 200)`, kind: "text", nullable: false },
  agent: { expr: job.agentName, kind: "text", nullable: true },
  model: { expr: job.model, kind: "text", nullable: true },
  harness: { expr: job.harness, kind: "text", nullable: true },
  duration: { expr: job.durationMs, kind: "int", nullable: true },
  cost: { expr: job.costUsd, kind: "decimal", nullable: true },
};

// Values travel as text made by PostgreSQL itself (no JS rounding: timestamps keep microseconds, costs all
// eight decimals) and are checked against their kind before they reach a cast, so a forged cursor is a 400.
const CAST: Record<Kind, SQL> = {
  time: sql.raw("timestamptz"),
  text: sql.raw("text"),
  int: sql.raw("bigint"),
  decimal: sql.raw("numeric"),
};
const VALUE: Record<Kind, z.ZodType<string>> = {
  time: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  text: z.string().max(1000),
  int: z.string().regex(/^-?\d{1,19}$/),
  decimal: z.string().regex(/^-?\d{1,12}(\.\d{1,12})?$/),
};

/** The sorted column as text, as the cursor keeps it. */
export function sortValueSql(sort: JobSort): SQL<string | null> {
  const d = SORTS[sort];
  return d.kind === "time"
    ? sql<string | null>`to_char((${d.expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql<string | null>`(${d.expr})::text`;
}

/**
 * ORDER BY of a sort: the column (nulls last when it has any), then the id the same way. Columns without nulls
 * say NULLS LAST going down and NULLS FIRST going up, which changes nothing in the result but is the order of
 * drizzle's `.desc()` indexes read forwards or backwards: job_project_sort_idx is (project_id, sort_at DESC
 * NULLS LAST, id DESC NULLS LAST), and a plain `sort_at desc` (nulls first) would not match it, leaving a scan
 * and sort of the whole project per page (bench/jobs-list.ts).
 */
export function orderBySql(sort: JobSort, dir: SortDir): SQL[] {
  const d = SORTS[sort];
  const nulls = sql.raw(d.nullable || dir === "desc" ? "nulls last" : "nulls first");
  const idNulls = sql.raw(dir === "desc" ? "nulls last" : "nulls first");
  const direction = sql.raw(dir);
  return [sql`${d.expr} ${direction} ${nulls}`, sql`${job.id} ${direction} ${idNulls}`];
}

export type JobCursor = { sort: JobSort; dir: SortDir; value: string | null; id: string };

const cursorSchema = z.object({
  s: z.enum(JOB_SORTS),
  d: z.enum(SORT_DIRS),
  v: z.string().max(1000).nullable(),
  id: z.uuid(),
});

export function encodeCursor(c: JobCursor): string {
  return Buffer.from(JSON.stringify({ s: c.sort, d: c.dir, v: c.value, id: c.id })).toString("base64url");
}

/** The cursor of the previous page, for this sort; anything else is the caller's mistake (400). */
export function decodeCursor(cursor: string, sort: JobSort, dir: SortDir): JobCursor {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    raw = null;
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) throw badRequest("Invalid cursor: pass next_cursor unchanged.");
  const c = parsed.data;
  if (c.s !== sort || c.d !== dir)
    throw badRequest(
      `This cursor pages a list sorted by ${c.s} ${c.d}: pass the same sort and dir with it, or start again without a cursor.`,
    );
  if (c.v === null ? !SORTS[sort].nullable : !VALUE[SORTS[sort].kind].safeParse(c.v).success)
    throw badRequest("Invalid cursor: pass next_cursor unchanged.");
  return { sort: c.s, dir: c.d, value: c.v, id: c.id };
}

/** Rows after the cursor's row in the order of orderBySql. */
export function afterCursorSql(c: JobCursor): SQL {
  const d = SORTS[c.sort];
  const op = sql.raw(c.dir === "asc" ? ">" : "<");
  const id = sql`${job.id} ${op} ${c.id}::uuid`;
  // the last row had no value: only rows without one remain, further along by id
  if (c.value === null) return sql`(${d.expr} is null and ${id})`;
  const v = sql`${c.value}::${CAST[d.kind]}`;
  const after = sql`(${d.expr} ${op} ${v} or (${d.expr} = ${v} and ${id}))`;
  // nulls come last, after every row with a value
  return d.nullable ? sql`(${after} or ${d.expr} is null)` : after;
}
