// Full-text search across a project's transcripts, for GET /api/v1/search and the Jobs list's search filter.
// Every search finds its entries through the GIN index first (transcript_text_search_idx: the expression below
// must stay exactly the index's), never by re-tokenising each job's entries; ranks by recency; pages by keyset;
// computes snippets for the page's rows only; and runs under its own statement timeout.
//
// Ranking is recency (time desc, event id desc), not ts_rank: ts_rank needs each match's tsvector, which is not
// stored, so ranking a common word would re-tokenise every matching entry (tens of thousands) to show 50; an
// operator searching transcripts mostly wants the latest occurrence; and time gives a stable keyset for pages.
import os from "node:os";
import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx, Tx } from "@/db/client";
import { isQueryTimeout, withStatementTimeout } from "@/db/read";
import { env } from "@/lib/env";
import { badRequest, queryTimeout } from "@/lib/http/errors";
import type { TranscriptSearchHit } from "./schemas";
import { withSearchSlot } from "./search-gate";
import { relaxPhrases } from "./tsquery";

/** Searches running at once per process: half the read pool, so slow ones never take all of it. */
/**
 * Searches this process runs at once. A slow search keeps one PostgreSQL backend busy on a CPU, so by default
 * at most one fewer than this machine's cores (the embedded database shares them; one stays free for pages,
 * ingest and /api/health) and at most half the read pool; FLEETWATCH_SEARCH_CONCURRENCY sets it, e.g. higher
 * for a database server of its own with more cores.
 */
export const SEARCH_SLOTS =
  env.FLEETWATCH_SEARCH_CONCURRENCY ??
  Math.max(1, Math.min(Math.floor(env.FLEETWATCH_READ_POOL_MAX / 2), os.availableParallelism() - 1));
export const SEARCH_TIMEOUT_MESSAGE = "The search took too long; narrow the range or the words.";

/** The GIN index's expression, aliased: `te` is transcript_entry. */
const tsv = (alias: string) => sql.raw(`to_tsvector('simple', left(coalesce(${alias}.text, ''), 10000))`);

/** The parsed query: `exact` is the tsquery; `index` what the GIN scan uses (exact, or relaxed phrases). */
export type SearchTerms = { exact: string; index: string; checkPhrase: boolean };

/** Parses `query` (web search syntax) once; null when it has no word to look for (e.g. only punctuation). */
export async function parseSearch(db: DbOrTx, query: string): Promise<SearchTerms | null> {
  const rows = rowsOf<{ q: string }>(
    await db.execute(sql`select websearch_to_tsquery('simple', ${query})::text as q`),
  );
  const exact = rows[0]?.q ?? "";
  if (!exact.trim()) return null;
  const relaxed = relaxPhrases(exact);
  return { exact, index: relaxed ?? exact, checkPhrase: relaxed !== null };
}

/**
 * Runs `fn` in one of the process's search slots (search-gate.ts) under the search budget
 * (FLEETWATCH_SEARCH_TIMEOUT_MS unless given); a timeout becomes a 503 query_timeout that says what to do.
 */
export async function underSearchTimeout<T>(
  db: DbOrTx,
  fn: (tx: Tx) => Promise<T>,
  timeoutMs = env.FLEETWATCH_SEARCH_TIMEOUT_MS,
): Promise<T> {
  try {
    const slot = { max: SEARCH_SLOTS, waitMs: timeoutMs, message: SEARCH_TIMEOUT_MESSAGE };
    return await withSearchSlot(() => withStatementTimeout(db, timeoutMs, fn), slot);
  } catch (error) {
    if (isQueryTimeout(error)) throw queryTimeout(SEARCH_TIMEOUT_MESSAGE);
    throw error;
  }
}

/**
 * Entries matching `terms` in order, as SQL selecting (event_id, kind, job_id, time, time_text): the GIN scan in a
 * fenced subquery (OFFSET 0: the planner cannot turn it into a per-row lookup), then, for a phrase, the exact
 * check on candidates taken newest first until `limit` rows pass, each fetched by primary key.
 */
export function matchingEntries(projectId: string, terms: SearchTerms, where: SQL[], limit: number): SQL {
  const conds = sql.join(
    [sql`te.project_id = ${projectId}`, sql`${tsv("te")} @@ ${terms.index}::tsquery`, ...where],
    sql` and `,
  );
  const candidates = sql`select te.event_id, te.time, te.kind, te.job_id
    from transcript_entry te where ${conds} order by te.time desc, te.event_id desc`;
  const page = terms.checkPhrase
    ? sql`select c.* from (${candidates} offset 0) c
      where ${phraseCheck(projectId, terms, "c")} order by c.time desc, c.event_id desc limit ${limit}`
    : sql`${candidates} limit ${limit}`;
  // microseconds in the cursor: a millisecond one would skip or repeat entries within the same millisecond
  return sql`select p.event_id, p.kind, p.job_id, p.time,
      to_char(p.time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as time_text
    from (${page}) p order by p.time desc, p.event_id desc`;
}

/**
 * The exact (phrase) check of one candidate row `alias`, its text fetched by primary key in a scalar subquery:
 * a correlated subquery stays a per-row step evaluated in the candidates' order (a joined table would be
 * flattened, and the planner would answer the phrase with a GIN scan that re-tokenises every candidate).
 */
function phraseCheck(projectId: string, terms: SearchTerms, alias: string): SQL {
  const text = sql`(select t.text from transcript_entry t
    where t.project_id = ${projectId} and t.event_id = ${sql.raw(`${alias}.event_id`)})`;
  return sql`to_tsvector('simple', left(coalesce(${text}, ''), 10000)) @@ ${terms.exact}::tsquery`;
}

function encodeCursor(time: string, id: string): string {
  return Buffer.from(JSON.stringify([time, id])).toString("base64url");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "string")) {
      if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(String(v[0]))) return v as [string, string];
    }
  } catch {}
  throw badRequest("Invalid cursor: pass next_cursor unchanged.");
}

type HitRow = {
  event_id: string;
  kind: string;
  job_id: string;
  title: string | null;
  external_id: string;
  time_text: string;
  snippet: string | null;
};

/** One page of the project's transcript entries matching `query`, newest first, with a snippet each. */
export async function searchTranscripts({
  db,
  projectId,
  query,
  from,
  to,
  cursor,
  limit = 50,
  timeoutMs,
}: {
  db: DbOrTx;
  projectId: string;
  query: string;
  from?: Date;
  to?: Date;
  cursor?: string;
  limit?: number;
  timeoutMs?: number;
}): Promise<{ hits: TranscriptSearchHit[]; next_cursor: string | null }> {
  const where: SQL[] = [];
  if (from) where.push(sql`te.time >= ${from.toISOString()}::timestamptz`);
  if (to) where.push(sql`te.time < ${to.toISOString()}::timestamptz`);
  if (cursor) {
    const [time, id] = decodeCursor(cursor);
    where.push(sql`(te.time, te.event_id) < (${time}::timestamptz, ${id})`);
  }
  return underSearchTimeout(
    db,
    async (tx) => {
      const terms = await parseSearch(tx, query);
      if (!terms) return { hits: [], next_cursor: null };
      // one statement: the page (limit + 1 rows, to know if there is a next one), its jobs, and a snippet for
      // each of the page's rows only (a scalar subquery under CASE is evaluated for those rows alone)
      const rows = rowsOf<HitRow>(
        await tx.execute(sql`with p as (${matchingEntries(projectId, terms, where, limit + 1)}),
        n as (select p.*, row_number() over (order by p.time desc, p.event_id desc) as pos from p)
        select n.event_id, n.kind, n.time_text, j.id as job_id, j.title, j.external_id,
          case when n.pos <= ${limit} then (select ts_headline('simple', left(coalesce(t.text, ''), 10000),
            ${terms.exact}::tsquery, 'StartSel=«, StopSel=», MaxWords=24, MinWords=8, MaxFragments=1')
            from transcript_entry t where t.project_id = ${projectId} and t.event_id = n.event_id) end as snippet
        from n join job j on j.id = n.job_id order by n.pos`),
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        hits: page.map((r) => ({
          job_id: r.job_id,
          job_title: r.title,
          job_external_id: r.external_id,
          entry_id: r.event_id,
          kind: r.kind,
          time: `${r.time_text.slice(0, 23)}Z`, // RFC 3339 with milliseconds, like the other read APIs
          snippet: r.snippet ?? "",
        })),
        next_cursor: rows.length > limit && last ? encodeCursor(last.time_text, last.event_id) : null,
      };
    },
    timeoutMs,
  );
}

/**
 * SQL `job.id in (…)` for the Jobs list, GIN-first: the jobs of the matching entries (a fenced subquery, hashed
 * once, so never a per-job lookup that re-tokenises its entries). For a phrase, the candidate entries are
 * joined to their jobs (within `jobWhere`), taken in the list's order (sort_at desc, id desc) and checked one by
 * one until `limit` distinct jobs pass, so a common phrase checks a few hundred entries, not every candidate.
 */
export function jobsMatching(projectId: string, terms: SearchTerms, jobWhere: SQL, limit: number): SQL {
  const entries = sql`select te.job_id, te.event_id from transcript_entry te
    where te.project_id = ${projectId} and ${tsv("te")} @@ ${terms.index}::tsquery`;
  if (!terms.checkPhrase) return sql`job.id in (select e.job_id from (${entries} offset 0) e)`;
  const ordered = sql`select job.id, job.sort_at, c.event_id from (${entries} offset 0) c
    join job on job.id = c.job_id where ${jobWhere} order by job.sort_at desc, job.id desc offset 0`;
  return sql`job.id in (select d.id from (select distinct on (m.sort_at, m.id) m.id, m.sort_at
    from (${ordered}) m where ${phraseCheck(projectId, terms, "m")}
    order by m.sort_at desc, m.id desc limit ${limit}) d)`;
}
