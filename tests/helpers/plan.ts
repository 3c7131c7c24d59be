// How many rows of a table the statements of a query function read, from EXPLAIN ANALYZE of each statement it
// ran: rows a scan returned plus rows it read and filtered out. With sequential scans off, so that on a test's
// small tables the planner takes the path it takes at scale, and a statement with no index path that bounds
// what it reads shows up as reading the whole table.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";

type PlanNode = {
  "Relation Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
};

function readOf(node: PlanNode, table: string): number {
  const loops = node["Actual Loops"] ?? 1;
  const own =
    node["Relation Name"] === table
      ? ((node["Actual Rows"] ?? 0) +
          (node["Rows Removed by Filter"] ?? 0) +
          (node["Rows Removed by Index Recheck"] ?? 0)) *
        loops
      : 0;
  return own + (node.Plans ?? []).reduce((n, p) => n + readOf(p, table), 0);
}

/** Runs `fn` on a logging connection, then returns its result and the rows of `table` its statements read. */
export async function rowsRead<T>(
  url: string,
  table: string,
  fn: (db: Db) => Promise<T>,
): Promise<{ result: T; read: number; statements: number }> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  const log: { q: string; p: unknown[] }[] = [];
  try {
    const db = drizzle(client, {
      schema,
      logger: { logQuery: (q, p) => log.push({ q, p }) },
    }) as unknown as Db;
    await client`set enable_seqscan = off`;
    const result = await fn(db);
    let read = 0;
    for (const { q, p } of log) {
      const [row] = await client.unsafe(`explain (analyze, format json) ${q}`, p as never[]);
      const plans = (row?.["QUERY PLAN"] ?? []) as { Plan: PlanNode }[];
      const plan = plans[0]?.Plan;
      if (plan) read += readOf(plan, table);
    }
    return { result, read, statements: log.length };
  } finally {
    await client.end();
  }
}
