// Server-only reads of schedules: the schedules a project has (declared in Settings, or by runners through their
// jobs' trigger), and each one's slots matched to their jobs. Every query takes the project id.
import { and, asc, eq, gte, lt, or, sql } from "drizzle-orm";
import { rowsOf } from "@/db/bulk";
import type { DbOrTx } from "@/db/client";
import { job, schedule } from "@/db/schema";
import { describeCron, slotsBetween } from "./cron";
import { matchSlots, onTimeRate, type Slot, type SlotJob } from "./outcomes";

/** A runner-declared schedule is listed while one of its jobs started within this look-back. */
export const RUNNER_LOOKBACK_MS = 90 * 86_400_000;
const MAX_SCHEDULES = 500;

export type ScheduleDef = {
  /** The identity: the schedule's name, or its cron expression when runners give no name. */
  key: string;
  source: "settings" | "runner";
  /** The Settings row's id (null for a runner-declared schedule). */
  id: string | null;
  cron: string;
  timezone: string;
  agentName: string | null;
  graceSeconds: number | null;
  enabled: boolean;
  /**
   * Since when the schedule exists: its first job's start (the slot whose interval holds it is the first one
   * expected: that job ran it) or its creation in Settings (the first slot at or after it).
   */
  since: Date;
  sinceIsJob: boolean;
};

type RunnerRow = {
  key: string;
  cron: string;
  tz: string | null;
  agent: string | null;
  first_seen: Date | string;
};

/** The project's schedules, Settings rows first in name order then runner-declared ones; a name in both is one. */
export async function listScheduleDefs(p: {
  db: DbOrTx;
  projectId: string;
  now: Date;
}): Promise<ScheduleDef[]> {
  const declared = await p.db
    .select()
    .from(schedule)
    .where(eq(schedule.projectId, p.projectId))
    .orderBy(asc(schedule.name))
    .limit(MAX_SCHEDULES);
  // The latest job of each schedule key says its cron and zone (a runner that changes its cron moves the
  // schedule); the earliest within the look-back says since when it exists.
  const runners = rowsOf<RunnerRow>(
    await p.db.execute(sql`
      select distinct on (key) key, cron, tz, agent, first_seen from (
        select coalesce(${job.triggerName}, ${job.triggerSchedule}) as key, ${job.triggerSchedule} as cron,
          ${job.triggerTz} as tz, ${job.agentName} as agent, ${job.sortAt} as sort_at,
          min(${job.sortAt}) over (partition by coalesce(${job.triggerName}, ${job.triggerSchedule})) as first_seen
        from ${job}
        where ${job.projectId} = ${p.projectId} and ${job.triggerSchedule} is not null
          and ${job.sortAt} > ${new Date(p.now.getTime() - RUNNER_LOOKBACK_MS).toISOString()}::timestamptz
      ) j
      order by key, sort_at desc
      limit ${MAX_SCHEDULES}`),
  );
  const firstSeen = new Map(runners.map((r) => [r.key, new Date(r.first_seen)]));
  const out: ScheduleDef[] = declared.map((s) => {
    const seen = firstSeen.get(s.name);
    return {
      key: s.name,
      source: "settings",
      id: s.id,
      cron: s.cron,
      timezone: s.timezone,
      agentName: s.agentName,
      graceSeconds: s.graceSeconds,
      enabled: s.enabled,
      since: seen && seen < s.createdAt ? seen : s.createdAt,
      sinceIsJob: seen !== undefined && seen < s.createdAt,
    };
  });
  const names = new Set(declared.map((s) => s.name));
  for (const r of runners) {
    if (names.has(r.key)) continue;
    out.push({
      key: r.key,
      source: "runner",
      id: null,
      cron: r.cron,
      timezone: r.tz ?? "UTC",
      agentName: r.agent,
      graceSeconds: null,
      enabled: true,
      since: new Date(r.first_seen),
      sinceIsJob: true,
    });
  }
  return out;
}

/** The jobs of a schedule: naming it, or (runners giving no name) with its cron; or its agent's unnamed jobs. */
function belongsTo(def: ScheduleDef) {
  const named = or(
    eq(job.triggerName, def.key),
    and(sql`${job.triggerName} is null`, eq(job.triggerSchedule, def.key)),
  );
  if (def.source !== "settings" || !def.agentName) return named;
  return or(
    named,
    and(sql`${job.triggerName} is null and ${job.triggerSchedule} is null`, eq(job.agentName, def.agentName)),
  );
}

/** Each slot's earliest job: one row per slot interval [slot, next slot) that has any (width_bucket). */
export async function slotJobs(p: {
  db: DbOrTx;
  projectId: string;
  def: ScheduleDef;
  slots: Date[];
  next: Date | null;
}): Promise<SlotJob[]> {
  const first = p.slots[0];
  if (!first) return [];
  const bounds = sql.join(
    p.slots.map((d) => sql`${d.toISOString()}::timestamptz`),
    sql`, `,
  );
  // the bucket is computed once in the inner query: DISTINCT ON needs the very expression ORDER BY leads with
  const inner = p.db
    .select({
      bucket: sql<number>`width_bucket(${job.sortAt}, array[${bounds}])`.as("bucket"),
      externalId: job.externalId,
      status: job.status,
      startAt: sql<Date>`${job.sortAt}`.mapWith(job.sortAt).as("start_at"),
      agentName: job.agentName,
    })
    .from(job)
    .where(
      and(
        eq(job.projectId, p.projectId),
        gte(job.sortAt, first),
        p.next ? lt(job.sortAt, p.next) : undefined,
        belongsTo(p.def),
      ),
    )
    .as("j");
  const rows = await p.db
    .selectDistinctOn([inner.bucket], {
      externalId: inner.externalId,
      status: inner.status,
      startAt: inner.startAt,
      agentName: inner.agentName,
    })
    .from(inner)
    .orderBy(inner.bucket, asc(inner.startAt), asc(inner.externalId));
  return rows.map((r) => ({ ...r, startAt: new Date(r.startAt) }));
}

/** A schedule's slots in [from, to) (at most `max`, the latest) with their jobs and outcomes at `now`. */
export async function scheduleSlots(p: {
  db: DbOrTx;
  projectId: string;
  def: ScheduleDef;
  from: Date;
  to: Date;
  now: Date;
  max?: number;
}): Promise<{ slots: Slot[]; next: Date | null }> {
  const { slots: all, next } = slotsBetween(p.def.cron, p.def.timezone, p.from, p.to, p.max);
  // a slot counts once the schedule exists: from its creation, or from the slot its first job ran
  const since = p.def.since.getTime();
  const slots = all.filter((at, i) =>
    p.def.sinceIsJob ? (all[i + 1] ?? next ?? at).getTime() > since : at.getTime() >= since,
  );
  const jobs = await slotJobs({ db: p.db, projectId: p.projectId, def: p.def, slots, next });
  return { slots: matchSlots(slots, next, jobs, p.def.graceSeconds, p.now), next };
}

export type ScheduleSummary = ScheduleDef & {
  description: string;
  nextAt: Date | null;
  /** The latest slot at or before now, with its outcome. */
  last: Slot | null;
  /** The latest slots up to now, oldest first. */
  recent: Slot[];
  onTimeRate: number | null;
  error: string | null;
};

/** Every schedule of the project with its latest `count` slots up to now. */
export async function listSchedules(p: {
  db: DbOrTx;
  projectId: string;
  now: Date;
  count?: number;
  key?: string;
}): Promise<ScheduleSummary[]> {
  const defs = (await listScheduleDefs(p)).filter((d) => p.key === undefined || d.key === p.key);
  const out: ScheduleSummary[] = [];
  for (const def of defs) {
    const description = describeCron(def.cron, def.timezone);
    try {
      // slots strictly before now + 1 ms: a slot exactly at now is due, not upcoming
      const to = new Date(p.now.getTime() + 1);
      const { slots, next } = await scheduleSlots({ ...p, def, from: new Date(0), to, max: p.count ?? 30 });
      out.push({
        ...def,
        description,
        nextAt: next,
        last: slots.at(-1) ?? null,
        recent: slots,
        onTimeRate: onTimeRate(slots),
        error: null,
      });
    } catch (err) {
      out.push({
        ...def,
        description,
        nextAt: null,
        last: null,
        recent: [],
        onTimeRate: null,
        error: (err as Error).message,
      });
    }
  }
  return out;
}
