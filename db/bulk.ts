// Bulk writes that travel as ONE JSON parameter which PostgreSQL expands into rows (json_to_recordset).
// The SQL text depends only on the table and columns, so it is prepared once per connection and its plan
// reused (executePrepared), and a batch of any size binds a single parameter: several times faster than
// multi-row VALUES.
import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgDialect, PgTable } from "drizzle-orm/pg-core";
import type { Sql } from "postgres";
import type { DbOrTx } from "./client";

/** Rows of a raw query (`db.execute`): postgres.js returns them as the array itself. */
export function rowsOf<T>(result: unknown): T[] {
  return result as T[];
}

/**
 * Runs `query` as a prepared statement: postgres.js prepares its text once per connection and afterwards sends
 * only Bind/Execute, and PostgreSQL reuses the parse and, once it settles on a generic plan, the plan. drizzle's
 * `execute()` (and its query builder, unless a query is named) never prepares: each run first sends
 * Parse/Describe and waits for the parameter types (a round trip), and PostgreSQL parses and plans the text
 * again. For statements of a fixed text that run all the time (the write path); a text built from values (an
 * IN list of n items) would leave one prepared statement per variant on each connection.
 */
export async function executePrepared(db: DbOrTx, query: SQL): Promise<unknown> {
  // drizzle keeps its dialect and session (whose client is the pool or, in a transaction, the transaction's
  // connection) on the database object; the same calls its own execute() makes. `?prepare=false` on the
  // database's URL still wins: postgres.js prepares nothing on such a connection, whatever a query asks.
  const { dialect, session } = db as unknown as {
    dialect: PgDialect;
    session: { client: Sql; logger?: { logQuery(query: string, params: unknown[]): void } };
  };
  const { sql: text, params } = dialect.sqlToQuery(query);
  session.logger?.logQuery(text, params); // a drizzle logger sees these as it sees its own
  return session.client.unsafe(text, params as never[], { prepare: true });
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
  const result = await executePrepared(
    db,
    sql`insert into ${table} (${names}) select ${select} from json_to_recordset(${payload}::json) as r(${record}) ${tail}`,
  );
  return rowsOf<R>(result);
}
