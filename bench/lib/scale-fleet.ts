// A fast loader for large fleets (issue 17, `npm run bench:scale`): "clone and shift".
//
// A TEMPLATE project is loaded through the real write path (the simulator's events through ingestBatch), so every
// projection in it is what ingest produces. The target project then receives copies of the template, copy k
// shifted k template-spans into the past, by INSERT ... SELECT per table inside PostgreSQL (no row crosses the
// wire): per-row tables (event, job, transcript_entry, job_usage) are copied with their ids rewritten per copy
// (event ids and job external ids get the suffix "~k" for k >= 1, job uuids are derived from the template's id,
// the copy and the target), agents and failure issues are per-project rows shared by every copy, and the
// aggregates whose rows merge many jobs (usage_hourly, failure issue counters, any rollup registered later) are
// rebuilt afterwards through lib/rollups/rebuild.ts, the same entry point a repair would use.
//
// Copies k >= 1 leave out the template's jobs still running at its end (and their events, transcript and usage):
// a job cut off by the template's end would otherwise be a job stuck "running" days ago in every copy, which no
// real fleet has. Copy 0 is the template as it is.
// The other tables with a project_id (lib/projects/purge.ts PURGE_ORDER) hold nothing to copy: event_pending is
// empty after an inline load, alert_signal is the alert evaluator's inbox (copying it would only make an evaluator
// replay old signals), and notification, incident and alert_event are written by the evaluators, not by ingest. Columns are read from the catalogue, so a column added later
// is copied as it is unless it is one of the rewritten ones below.
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { Db, DbHandle, DbOrTx } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { ensureProject } from "@/lib/projects/queries";
import { type DayKey, ensureDays, utcDay } from "@/lib/retention/partitions";
import { rebuildRollups } from "@/lib/rollups/rebuild";
import { generateFleet } from "@/lib/simulator";

export const DAY_MS = 86_400_000;

export type Template = { projectId: string; slug: string; days: number; events: number; now: number };

/** Loads the simulator's fleet into project `slug` through ingestBatch (the real write path, inline projection). */
export async function loadTemplate(
  handle: DbHandle,
  opts: { slug: string; agents: number; days: number; jobsPerDay: number; seed?: number; now?: number },
): Promise<Template & { seconds: number }> {
  const now = opts.now ?? Date.now();
  const project = await ensureProject({ db: handle.db, slug: opts.slug });
  const t0 = performance.now();
  let batch: object[] = [];
  let events = 0;
  const flush = async () => {
    const r = await ingestBatch({ db: handle.db, projectId: project.id, apiKeyId: null, rawEvents: batch });
    if (r.rejected > 0) throw new Error(`the template's events were refused: ${JSON.stringify(r.results)}`);
    events += batch.length;
    batch = [];
  };
  const fleet = {
    agents: opts.agents,
    days: opts.days,
    jobsPerDay: opts.jobsPerDay,
    seed: opts.seed ?? 1,
    now,
  };
  for (const e of generateFleet(fleet)) {
    batch.push(e);
    if (batch.length === 1000) await flush();
  }
  await flush();
  return {
    projectId: project.id,
    slug: opts.slug,
    days: opts.days,
    events,
    now,
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Makes `projectId` ready to receive rows by bulk copy. Today nothing is needed; with time-partitioned event and
 * transcript tables (issue 17, point 2) this is where the project's partitions covering [from, to) are created.
 * The lead extends this one function at merge.
 */
export async function prepareTargetForRows(db: Db, opts: { projectId: string; from: Date; to: Date }) {
  const days: DayKey[] = [];
  for (let t = Date.parse(utcDay(opts.from)); t <= opts.to.getTime(); t += DAY_MS)
    days.push({ projectId: opts.projectId, day: utcDay(new Date(t)) });
  await ensureDays(db, days);
}

/** The non-generated columns of a table, in order. */
async function columnsOf(db: DbOrTx, table: string): Promise<string[]> {
  const rows = rowsOf<{ column_name: string }>(
    await db.execute(sql`
      select column_name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}
        and is_generated = 'NEVER' and coalesce(identity_generation, '') <> 'ALWAYS'
      order by ordinal_position`),
  );
  if (rows.length === 0) throw new Error(`table ${table} not found`);
  return rows.map((r) => r.column_name);
}

/** `insert into <table> (cols) select <cols, rewritten where `rewrite` says> from <table> s <where>`. */
async function copyRows(
  db: DbOrTx,
  table: string,
  rewrite: Record<string, string>,
  from: string,
): Promise<number> {
  const cols = await columnsOf(db, table);
  for (const c of Object.keys(rewrite))
    if (!cols.includes(c)) throw new Error(`${table}.${c} is not a column`);
  const list = cols.map((c) => `"${c}"`).join(", ");
  const select = cols.map((c) => rewrite[c] ?? `s."${c}"`).join(", ");
  const [row] = rowsOf<{ n: number }>(
    await db.execute(
      sql.raw(`with w as (insert into ${table} (${list}) select ${select} ${from} returning 1)
               select count(*)::int as n from w`),
    ),
  );
  return row?.n ?? 0;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export type CopyCounts = Record<"event" | "job" | "transcript_entry" | "job_usage", number>;

/**
 * Copies the template into the target as copies k = from .. to-1 (copy k shifted k * template.days days back),
 * then upserts agents and issues and rebuilds the aggregates. Returns the rows written per table.
 */
export async function cloneCopies(
  db: Db,
  template: Template,
  targetId: string,
  copies: { from: number; to: number },
  opts: {
    onCopy?: (k: number, counts: CopyCounts) => void;
    /** asked before each copy: a reason stops the load there (agents and aggregates are still finished) */
    stop?: () => string | null;
  } = {},
): Promise<CopyCounts & { copies: number; stopped: string | null }> {
  const tpl = lit(template.projectId);
  const target = lit(targetId);
  const spanMs = template.days * DAY_MS;
  await prepareTargetForRows(db, {
    projectId: targetId,
    from: new Date(template.now - copies.to * spanMs),
    to: new Date(template.now + DAY_MS),
  });
  await copyIssues(db, tpl, target);
  const total: CopyCounts = { event: 0, job: 0, transcript_entry: 0, job_usage: 0 };
  let done = copies.from;
  let stopped: string | null = null;
  for (let k = copies.from; k < copies.to; k++) {
    stopped = opts.stop?.() ?? null;
    if (stopped) break;
    const counts = await db.transaction(async (tx) => cloneOne(tx, tpl, target, k, spanMs));
    for (const key of Object.keys(total) as (keyof CopyCounts)[]) total[key] += counts[key];
    done = k + 1;
    opts.onCopy?.(k, counts);
  }
  await upsertAgents(db, tpl, target, Math.max(0, done - 1), spanMs);
  await rebuildRollups({ db, projectId: targetId });
  return { ...total, copies: done, stopped };
}

async function cloneOne(
  db: DbOrTx,
  tpl: string,
  target: string,
  k: number,
  spanMs: number,
): Promise<CopyCounts> {
  const suffix = k === 0 ? "" : `~${k}`;
  const sfx = (col: string) => (k === 0 ? `s.${col}` : `(s.${col} || ${lit(suffix)})`);
  const shift = (col: string) => `s.${col} - interval '${k * spanMs} milliseconds'`;
  const jobUuid = (col: string) => `md5(s.${col}::text || ':${k}:' || ${target})::uuid`;
  // copies k >= 1 leave out the jobs the template's end cut off while running
  const kept = k === 0 ? "true" : "j.status <> 'running'";
  const keptJob = (col: string) =>
    `exists (select 1 from job j where j.id = s.${col} and j.project_id = ${tpl} and ${kept})`;
  const refs = ["parent_job", "root_job", "retry_of"];
  const data =
    k === 0
      ? "s.data"
      : `case when s.data ?| array[${refs.map(lit).join(", ")}] then s.data || jsonb_strip_nulls(jsonb_build_object(${refs
          .map((r) => `${lit(r)}, (s.data ->> ${lit(r)}) || ${lit(suffix)}`)
          .join(", ")})) else s.data end`;
  const eventsCopied = `from event s where s.project_id = ${tpl} and (s.job_external_id is null or exists (
       select 1 from job j where j.project_id = ${tpl} and j.external_id = s.job_external_id and ${kept}))`;
  const event = await copyRows(
    db,
    "event",
    {
      project_id: target,
      id: sfx("id"),
      time: shift("time"),
      job_external_id: sfx("job_external_id"),
      data,
      api_key_id: "null",
      received_at: shift("received_at"),
    },
    eventsCopied,
  );
  // the id ledger that keeps event ids unique across day partitions, as the append writes it (lib/ingest/append.ts)
  await db.execute(
    sql.raw(`insert into event_key (project_id, id, time)
      select ${target}, ${sfx("id")}, ${shift("time")} ${eventsCopied}`),
  );
  const job = await copyRows(
    db,
    "job",
    {
      id: jobUuid("id"),
      project_id: target,
      external_id: sfx("external_id"),
      parent_external_id: sfx("parent_external_id"),
      root_external_id: sfx("root_external_id"),
      retry_of_external_id: sfx("retry_of_external_id"),
      queued_at: shift("queued_at"),
      started_at: shift("started_at"),
      ended_at: shift("ended_at"),
      first_event_at: shift("first_event_at"),
      last_event_at: shift("last_event_at"),
      updated_at: shift("updated_at"),
      failure_issue_id: `md5(s.failure_issue_id::text || ':' || ${target})::uuid`,
    },
    `from job s where s.project_id = ${tpl} and ${kept.replace("j.", "s.")}`,
  );
  const transcript = await copyRows(
    db,
    "transcript_entry",
    { project_id: target, job_id: jobUuid("job_id"), event_id: sfx("event_id"), time: shift("time") },
    `from transcript_entry s where s.project_id = ${tpl} and ${keptJob("job_id")}`,
  );
  const usage = await copyRows(
    db,
    "job_usage",
    { project_id: target, job_id: jobUuid("job_id"), hour: shift("hour") },
    `from job_usage s where s.project_id = ${tpl} and ${keptJob("job_id")}`,
  );
  return { event, job, transcript_entry: transcript, job_usage: usage };
}

/** The template's issues, once per target (ids derived from the template's): the copies' jobs point at them. */
async function copyIssues(db: DbOrTx, tpl: string, target: string) {
  const cols = await columnsOf(db, "failure_issue");
  const rewrite: Record<string, string> = {
    id: `md5(s.id::text || ':' || ${target})::uuid`,
    project_id: target,
    merged_into_id: `md5(s.merged_into_id::text || ':' || ${target})::uuid`,
  };
  const list = cols.map((c) => `"${c}"`).join(", ");
  const select = cols.map((c) => rewrite[c] ?? `s."${c}"`).join(", ");
  await db.execute(
    sql.raw(`insert into failure_issue (${list}) select ${select} from failure_issue s
             where s.project_id = ${tpl} on conflict (id) do nothing`),
  );
}

/** Agents are per project and name: the template's rows, first seen as early as the oldest copy. */
async function upsertAgents(db: DbOrTx, tpl: string, target: string, oldest: number, spanMs: number) {
  const cols = await columnsOf(db, "agent");
  const rewrite: Record<string, string> = {
    id: `md5(s.id::text || ':' || ${target})::uuid`,
    project_id: target,
    first_seen_at: `s.first_seen_at - interval '${oldest * spanMs} milliseconds'`,
  };
  const list = cols.map((c) => `"${c}"`).join(", ");
  const select = cols.map((c) => rewrite[c] ?? `s."${c}"`).join(", ");
  await db.execute(
    sql.raw(`insert into agent (${list}) select ${select} from agent s where s.project_id = ${tpl}
             on conflict (project_id, name) do update set first_seen_at = least(agent.first_seen_at, excluded.first_seen_at)`),
  );
}

/** The tables a clone writes most rows to: their secondary indexes can be dropped for the load. */
export const BULK_TABLES = ["event", "transcript_entry", "job", "job_usage"] as const;

/**
 * Runs `load` with the bulk tables' non-unique indexes dropped, then creates them again (a bulk build is several
 * times faster than maintaining a GIN full-text index row by row) and checks every index is back. Primary keys and
 * unique indexes stay: they keep ids unique during the load. For a database of its own (the bench), not one that
 * serves: queries meanwhile would scan.
 */
export async function withIndexesDropped<T>(db: DbOrTx, load: () => Promise<T>): Promise<T> {
  const list = async () =>
    rowsOf<{ name: string; def: string }>(
      await db.execute(sql`
        select i.indexname as name, i.indexdef as def from pg_indexes i
        join pg_class c on c.relname = i.indexname and c.relnamespace = (select oid from pg_namespace where nspname = i.schemaname)
        join pg_index x on x.indexrelid = c.oid
        where i.schemaname = current_schema() and i.tablename in (${sql.join(
          BULK_TABLES.map((t) => sql`${t}`),
          sql`, `,
        )}) and not x.indisunique and not x.indisprimary
        order by i.indexname`),
    );
  const dropped = await list();
  for (const ix of dropped) await db.execute(sql`drop index ${sql.identifier(ix.name)}`);
  const recreate = async () => {
    // a partitioned table's index reads "ON ONLY" in pg_indexes: created on the parent, it covers every partition
    for (const ix of dropped)
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
        await tx.execute(sql.raw(ix.def.replace(" ON ONLY ", " ON ")));
      });
    const back = (await list()).map((r) => r.name).join(",");
    if (back !== dropped.map((r) => r.name).join(","))
      throw new Error(`indexes not all recreated: had ${dropped.map((r) => r.name)}, now ${back}`);
  };
  let result: T;
  try {
    result = await load();
  } catch (error) {
    await recreate();
    throw error;
  }
  await recreate();
  return result;
}
