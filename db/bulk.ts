// Bulk writes that travel as ONE JSON parameter which PostgreSQL expands into rows (json_to_recordset).
// The SQL text depends only on the table and columns, so it is prepared once and its plan reused, and a
// batch of any size binds a single parameter: several times faster than multi-row VALUES.
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client";

/** Rows of a raw query (`db.execute`): postgres.js returns them as the array itself. */
export function rowsOf<T>(result: unknown): T[] {
  return result as T[];
}

const toJson = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

/**
 * `insert into <table> (<columns>) select ... from json_to_recordset($1) <tail>` for rows keyed by the table's
 * drizzle field names. `columns` fixes which fields are written (absent fields take their defaults);
 * `tail` holds ORDER BY / ON CONFLICT / RETURNING.
 */
export async function bulkInsert<T extends PgTable, R = never>(
  db: DbOrTx,
  table: T,
  columns: readonly (keyof T["$inferInsert"] & string)[],
  rows: Record<string, unknown>[],
  tail: SQL = sql``,
): Promise<R[]> {
  if (rows.length === 0) return [];
  const all = getTableColumns(table) as Record<string, { name: string; getSQLType(): string }>;
  const cols = columns.map((key) => {
    const col = all[key];
    if (!col) throw new Error(`bulkInsert: ${key} is not a column`);
    return { key, name: col.name, type: col.getSQLType() };
  });
  const payload = JSON.stringify(
    rows.map((r) => Object.fromEntries(cols.map((c) => [c.key, toJson(r[c.key])]))),
  );
  const names = sql.raw(cols.map((c) => `"${c.name}"`).join(", "));
  const select = sql.raw(cols.map((c) => `r."${c.key}"`).join(", "));
  const record = sql.raw(cols.map((c) => `"${c.key}" ${c.type}`).join(", "));
  const result = await db.execute(
    sql`insert into ${table} (${names}) select ${select} from json_to_recordset(${payload}::json) as r(${record}) ${tail}`,
  );
  return rowsOf<R>(result);
}
