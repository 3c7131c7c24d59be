// The tool calls of one job as a timeline: each call's start (its tool_call entry's time) and end (its
// tool_result's), for the job page's waterfall. Server-only.
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { ToolTimeline, ToolTimelineCall } from "./tool-timeline-schemas";

export type { ToolTimeline, ToolTimelineCall } from "./tool-timeline-schemas";

/** More calls than any real job makes (2,000 is a long one); past it the timeline says it is cut. */
export const TOOL_TIMELINE_LIMIT = 5000;

type Row = {
  id: string;
  call_id: string | null;
  tool: string | null;
  branch: string | null;
  /** Times as epoch milliseconds (whole: floor of the stored microseconds). */
  start_ms: number;
  result_id: string | null;
  result_ms: number | null;
  is_error: boolean | null;
  reported_ms: number | null;
  job_status: string;
  job_end_ms: number | null;
} & Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString();
const epochMs = (column: string) => sql.raw(`floor(extract(epoch from ${column}) * 1000)::float8`);

/**
 * A call's end: its start + the duration the runner reported (duration_ms, the tool's own time), else the
 * result's time. The result's time alone is later than the tool's end when calls ran in parallel: Claude Code
 * writes the results of 4 parallel Globs that took 3-6 ms each some 700 ms after they started.
 * A call without a result is open: running while the job runs (end null), else "no_result", drawn up to the
 * job's end (the last the job said of itself) so the bar shows how long it was left waiting.
 */
export function toCall(row: Row): ToolTimelineCall {
  const start = row.start_ms;
  const base = {
    id: row.id,
    call_id: row.call_id,
    tool: row.tool ?? "unknown",
    branch: row.branch,
    start: iso(start),
    result_id: row.result_id,
  };
  if (row.result_id && row.result_ms != null) {
    // a reported duration may have a fraction of a millisecond (OTLP spans are in nanoseconds)
    const end = Math.max(
      start,
      row.reported_ms != null ? start + Math.round(row.reported_ms) : row.result_ms,
    );
    return {
      ...base,
      end: iso(end),
      duration_ms: end - start,
      status: row.is_error ? "error" : "ok",
      is_error: row.is_error === true,
    };
  }
  if (row.job_status === "queued" || row.job_status === "running")
    return { ...base, end: null, duration_ms: null, status: "running", is_error: false };
  return {
    ...base,
    end: iso(Math.max(start, row.job_end_ms ?? start)),
    duration_ms: null,
    status: "no_result",
    is_error: false,
  };
}

/** The job's tool calls in transcript order, each with its first result. `jobId` is Fleetwatch's job id. */
export async function getToolTimeline({
  db,
  projectId,
  jobId,
}: {
  db: DbOrTx;
  projectId: string;
  jobId: string;
}): Promise<ToolTimeline> {
  // One statement: the calls (transcript_job_order_idx), each call's first result by call id
  // (transcript_job_call_idx), and the result event's duration_ms, which the transcript entry does not keep:
  // read from the event by its primary key, at most one per call (a page read, not a list's hot path).
  const rows = (await db.execute(sql`
    select c.event_id as id, c.call_id, c.tool, c.branch, ${epochMs("c.time")} as start_ms,
           r.event_id as result_id, ${epochMs("r.time")} as result_ms, r.is_error,
           case when jsonb_typeof(ev.data -> 'duration_ms') = 'number' and (ev.data ->> 'duration_ms')::float8 >= 0
                then (ev.data ->> 'duration_ms')::float8 end as reported_ms,
           j.status as job_status, ${epochMs("coalesce(j.ended_at, j.last_event_at)")} as job_end_ms
    from job j
    join transcript_entry c on c.project_id = j.project_id and c.job_id = j.id and c.kind = 'tool_call'
    left join lateral (
      select r.event_id, r.time, r.is_error
      from transcript_entry r
      where r.job_id = c.job_id and r.project_id = c.project_id and r.call_id = c.call_id
        and r.kind = 'tool_result'
      order by r.time, r.event_id
      limit 1
    ) r on true
    left join event ev on ev.project_id = c.project_id and ev.id = r.event_id
    where j.project_id = ${projectId} and j.id = ${jobId}
    order by c.time, coalesce(c.seq, 9223372036854775807), c.event_id
    limit ${TOOL_TIMELINE_LIMIT + 1}
  `)) as unknown as Row[];
  return {
    job_id: jobId,
    calls: rows.slice(0, TOOL_TIMELINE_LIMIT).map(toCall),
    truncated: rows.length > TOOL_TIMELINE_LIMIT,
  };
}
