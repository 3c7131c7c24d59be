// Reads the live schema (pg_catalog) and reports what would stop its tables from being distributed by project
// with Citus as lib/distribution/tables.ts plans (docs/adr/0028-distributed-postgres.md). Pure reporting: the
// allow-list of known exceptions is applied by compareWithAllowList.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type Allowed, KNOWN_EXCEPTIONS, LISTED, placementOf } from "./tables";

export type ViolationKind =
  | "unclassified" // a table in neither list: a new table must be placed
  | "stale_entry" // a table the lists name that the schema does not have
  | "missing_column" // a distributed table without its distribution column (or a nullable one)
  | "primary_key" // a distributed table's primary key without the distribution column
  | "unique" // a unique constraint or index of a distributed table without it
  | "foreign_key" // distributed -> distributed not through project_id on both sides
  | "reference_to_distributed"; // a reference or local table referencing a distributed one (Citus refuses it)

export type Violation = { table: string; kind: ViolationKind; name: string; detail: string };

type Constraint = {
  table: string;
  name: string;
  type: "p" | "u" | "f";
  columns: string[];
  ref_table: string | null;
  ref_columns: string[] | null;
};
type UniqueIndex = { table: string; name: string; columns: string[]; expression: boolean };

/** The base tables of schema public (partitions count as their parent). */
async function tables(db: Db): Promise<{ name: string; columns: Record<string, boolean> }[]> {
  const rows = (await db.execute(sql`
    select c.relname as name,
      coalesce(json_object_agg(a.attname, a.attnotnull) filter (where a.attnum > 0 and not a.attisdropped), '{}') as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    left join pg_attribute a on a.attrelid = c.oid
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    group by c.relname order by c.relname`)) as unknown as {
    name: string;
    columns: Record<string, boolean>;
  }[];
  return rows;
}

async function constraints(db: Db): Promise<Constraint[]> {
  return (await db.execute(sql`
    select c.relname as table, con.conname as name, con.contype as type,
      array(select a.attname::text from unnest(con.conkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i) as columns,
      fr.relname as ref_table,
      case when con.contype = 'f' then
        array(select a.attname::text from unnest(con.confkey) with ordinality k(n, i)
              join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i) end as ref_columns
    from pg_constraint con join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace left join pg_class fr on fr.oid = con.confrelid
    where n.nspname = 'public' and con.contype in ('p', 'u', 'f') and not c.relispartition
      and con.conparentid = 0
    order by 1, 2`)) as unknown as Constraint[];
}

/** Unique indexes that back no constraint (CREATE UNIQUE INDEX, partial ones included). */
async function uniqueIndexes(db: Db): Promise<UniqueIndex[]> {
  return (await db.execute(sql`
    select t.relname as table, i.relname as name, ix.indexprs is not null as expression,
      array(select a.attname::text from unnest(ix.indkey) with ordinality k(n, o)
            join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.n order by k.o) as columns
    from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_class t on t.oid = ix.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and ix.indisunique and not t.relispartition
      and not exists (select 1 from pg_constraint c where c.conindid = ix.indexrelid and c.conrelid = ix.indrelid)
      and not exists (select 1 from pg_inherits h where h.inhrelid = ix.indexrelid)
    order by 1, 2`)) as unknown as UniqueIndex[];
}

/** Every violation of the plan in the schema as it is, known exceptions included, sorted. */
export async function findViolations(db: Db): Promise<Violation[]> {
  const out: Violation[] = [];
  const present = await tables(db);
  const names = new Set(present.map((t) => t.name));
  for (const t of present) {
    const placement = placementOf(t.name);
    if (!placement) {
      out.push({
        table: t.name,
        kind: "unclassified",
        name: t.name,
        detail: "in neither list of lib/distribution/tables.ts: decide distributed, reference or local",
      });
      continue;
    }
    if (placement.kind !== "distributed") continue;
    const column = placement.column;
    if (t.columns[column] === undefined)
      out.push({ table: t.name, kind: "missing_column", name: column, detail: `no ${column} column` });
    else if (!t.columns[column])
      out.push({ table: t.name, kind: "missing_column", name: column, detail: `${column} is nullable` });
  }
  for (const name of LISTED) {
    if (!names.has(name))
      out.push({ table: name, kind: "stale_entry", name, detail: "listed but not in the schema" });
  }
  for (const c of await constraints(db)) {
    const from = placementOf(c.table);
    if (!from) continue;
    if (c.type === "f") {
      const to = c.ref_table ? placementOf(c.ref_table) : null;
      if (to?.kind !== "distributed") continue;
      if (from.kind !== "distributed") {
        out.push({
          table: c.table,
          kind: "reference_to_distributed",
          name: c.name,
          detail: `${from.kind} table references distributed ${c.ref_table}`,
        });
        continue;
      }
      const i = c.columns.indexOf(from.column);
      if (i === -1 || c.ref_columns?.[i] !== to.column)
        out.push({
          table: c.table,
          kind: "foreign_key",
          name: c.name,
          detail: `(${c.columns.join(", ")}) -> ${c.ref_table} (${c.ref_columns?.join(", ")}) does not pair ${from.column} with ${to.column}`,
        });
      continue;
    }
    if (from.kind === "distributed" && !c.columns.includes(from.column))
      out.push({
        table: c.table,
        kind: c.type === "p" ? "primary_key" : "unique",
        name: c.name,
        detail: `(${c.columns.join(", ")}) without ${from.column}`,
      });
  }
  for (const ix of await uniqueIndexes(db)) {
    const p = placementOf(ix.table);
    if (p?.kind === "distributed" && !ix.columns.includes(p.column))
      out.push({
        table: ix.table,
        kind: "unique",
        name: ix.name,
        detail: `(${ix.columns.join(", ")}${ix.expression ? ", expressions" : ""}) without ${p.column}`,
      });
  }
  return out.sort((a, b) => `${a.table}/${a.name}/${a.kind}`.localeCompare(`${b.table}/${b.name}/${b.kind}`));
}

export const violationKey = (v: { table: string; kind: string; name: string }) =>
  `${v.table} ${v.kind} ${v.name}`;

/**
 * The violations the allow-list does not excuse, and the allow-list's entries that no longer match a violation
 * (fixed: remove them). Both must be empty.
 */
export function compareWithAllowList(
  found: Violation[],
  allowed: readonly Allowed[] = KNOWN_EXCEPTIONS,
): { unexpected: Violation[]; stale: Allowed[] } {
  const allowedKeys = new Set(allowed.map(violationKey));
  const foundKeys = new Set(found.map(violationKey));
  return {
    unexpected: found.filter((v) => !allowedKeys.has(violationKey(v))),
    stale: allowed.filter((a) => !foundKeys.has(violationKey(a))),
  };
}
