// Named queries of the transcripts domain. Every function takes one params object with the project id.
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { transcriptEntry } from "@/db/schema";
import { loadPriceTable } from "@/lib/costs/prices";
import { type PriceTable, priceUsage } from "@/lib/costs/pricing";
import { badRequest } from "@/lib/http/errors";
import { transcriptRemoved } from "@/lib/retention/transcript-notice";
import type { TranscriptEntry, TranscriptPage, Usage } from "./schemas";

type Row = typeof transcriptEntry.$inferSelect;
const SEQ_LAST = "9223372036854775807";
/** Order of a transcript: time, then seq (absent last), then event id. */
const seqKey = sql`coalesce(${transcriptEntry.seq}, ${sql.raw(SEQ_LAST)})`;

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** A usage entry's tokens and cost: the runner's cost when reported, else the price table's (computed). */
function usageOf(row: Row, prices: PriceTable | null): Usage | null {
  if (row.kind !== "usage" || typeof row.content !== "object" || row.content === null) return null;
  const c = row.content as Record<string, unknown>;
  const priced = prices ? priceUsage(prices, c, row.time) : null;
  const reported = typeof c.cost_usd === "number" && Number.isFinite(c.cost_usd) ? c.cost_usd : null;
  const computed = priced?.computed ?? null;
  return {
    model: typeof c.model === "string" ? c.model : null,
    input_tokens: num(c.input_tokens),
    output_tokens: num(c.output_tokens),
    cache_read_tokens: num(c.cache_read_tokens),
    cache_write_tokens: num(c.cache_write_tokens),
    cost_usd: reported,
    computed_cost_usd: computed,
    cost_source: reported != null ? "reported" : computed != null ? "computed" : "unpriced",
  };
}

/** `prices`: the price table for usage entries (null: costs are only what runners reported). */
export function toEntry(row: Row, prices: PriceTable | null = null): TranscriptEntry {
  return {
    id: row.eventId,
    time: row.time.toISOString(),
    seq: row.seq,
    kind: row.kind,
    role: row.role,
    branch: row.branch,
    branch_parent_call_id: row.branchParentCallId,
    call_id: row.callId,
    tool: row.tool,
    is_error: row.isError,
    text: row.text,
    content: row.content ?? null,
    truncated_from: row.truncatedFrom,
    usage: usageOf(row, prices),
  };
}

function encodeCursor(row: Row): string {
  return Buffer.from(
    JSON.stringify([row.time.toISOString(), String(row.seq ?? SEQ_LAST), row.eventId]),
  ).toString("base64url");
}

function decodeCursor(cursor: string): [string, string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === "string"))
      return v as [string, string, string];
  } catch {}
  throw badRequest("Invalid cursor: pass next_cursor unchanged.");
}

/** One page of a job's transcript in order. `jobId` is Fleetwatch's job id. */
export async function getTranscriptPage({
  db,
  projectId,
  jobId,
  cursor,
  limit,
}: {
  db: DbOrTx;
  projectId: string;
  jobId: string;
  cursor?: string;
  limit: number;
}): Promise<TranscriptPage> {
  const where: SQL[] = [eq(transcriptEntry.projectId, projectId), eq(transcriptEntry.jobId, jobId)];
  if (cursor) {
    const [time, seq, id] = decodeCursor(cursor);
    where.push(
      sql`(${transcriptEntry.time}, ${seqKey}, ${transcriptEntry.eventId}) > (${time}::timestamptz, ${seq}::bigint, ${id})`,
    );
  }
  const rows = await db
    .select()
    .from(transcriptEntry)
    .where(and(...where))
    .orderBy(transcriptEntry.time, seqKey, transcriptEntry.eventId)
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(transcriptEntry)
    .where(and(eq(transcriptEntry.projectId, projectId), eq(transcriptEntry.jobId, jobId)));
  const prices = page.some((r) => r.kind === "usage") ? await loadPriceTable(db) : null;
  return {
    job_id: jobId,
    removed: await transcriptRemoved({ db, projectId, jobId }),
    entries: page.map((row) => toEntry(row, prices)),
    next_cursor: rows.length > limit && last ? encodeCursor(last) : null,
    end_cursor: last ? encodeCursor(last) : (cursor ?? null),
    total: count?.n ?? 0,
  };
}

/** The whole transcript, for downloads (pages internally). */
export async function getFullTranscript({
  db,
  projectId,
  jobId,
}: {
  db: DbOrTx;
  projectId: string;
  jobId: string;
}) {
  const entries: TranscriptEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await getTranscriptPage({ db, projectId, jobId, cursor, limit: 2000 });
    entries.push(...page.entries);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return entries;
}
