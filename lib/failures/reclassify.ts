// Re-classification of a project's failure history after its rules changed.
//
// Algorithm: the rules are loaded once, then every failed job of the project (status failed, with an end
// time, as ingest classifies them) is visited in keyset pages ordered by job id, CHUNK_SIZE (500) jobs per
// transaction, so that a run holds its locks for one short transaction at a time and ingest is never blocked
// for long. In each chunk:
//   1. every job is classified and fingerprinted exactly as on ingest (issues.ts);
//   2. jobs whose class or fingerprint changed (or that had no issue) are moved: the target issues are
//      created when missing, with the shape ingest gives them (state new), then the jobs are repointed;
//   3. the issues that lost or gained jobs are locked in fingerprint order (as ingest locks them) and their
//      event_count, first/last seen and agents/models/harnesses are recomputed from their jobs;
//   4. an issue left without any job is deleted when it never had triage activity (no history row, no
//      assignee, no issue merged into it): it only existed because of the old rules. One that was triaged
//      keeps its history with event_count 0, so a decision about it is never lost silently.
// Moving a job into a resolved or ignored issue does not regress it: re-classifying history is not the
// failure being seen again.
//
// Progress lives in instance_setting under `reclassify:<projectId>` as JSON {state, done, total, changed,
// started_at, finished_at, error}, updated after every chunk. startReclassify runs reclassifyProject in the
// background of the server process (fire-and-forget with error capture) and is idempotent: while a run is
// going for the project it answers with that run's progress.
import { and, asc, eq, gt, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { failureIssue, instanceSetting, issueActivity, job } from "@/db/schema";
import { logger } from "@/lib/logger";
import { classify } from "./classify";
import { fingerprint, issueTitle } from "./fingerprint";
import { endingToolFailures } from "./issues";
import { activeRules, failureInput } from "./rule-queries";
import type { ReclassifyProgress } from "./rule-schemas";
import type { Rule } from "./rules";
import type { FailureClass } from "./taxonomy";

export const CHUNK_SIZE = 500;
const LIST_CAP = 50;
/** A "running" record not updated for this long, and not running in this process, was interrupted. */
const STALE_MS = 5 * 60_000;

const settingKey = (projectId: string) => `reclassify:${projectId}`;

const IDLE: ReclassifyProgress = {
  state: "idle",
  done: 0,
  total: 0,
  changed: 0,
  started_at: null,
  finished_at: null,
  error: null,
};

async function writeProgress(db: Db, projectId: string, progress: ReclassifyProgress) {
  const value = JSON.stringify(progress);
  await db
    .insert(instanceSetting)
    .values({ key: settingKey(projectId), value, updatedAt: new Date() })
    .onConflictDoUpdate({ target: instanceSetting.key, set: { value, updatedAt: new Date() } });
}

// In-process registry of running re-classifications, shared across Next.js bundles through globalThis.
const RUNS_KEY = Symbol.for("fleetwatch.reclassify");
type Registry = Map<string, Promise<ReclassifyProgress>>;
function runs(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  let m = g[RUNS_KEY];
  if (!m) {
    m = new Map();
    g[RUNS_KEY] = m;
  }
  return m;
}

/** The project's last or current re-classification ("idle" when there never was one). */
export async function getReclassifyProgress({
  db,
  projectId,
}: {
  db: Db;
  projectId: string;
}): Promise<ReclassifyProgress> {
  const [row] = await db
    .select()
    .from(instanceSetting)
    .where(eq(instanceSetting.key, settingKey(projectId)));
  if (!row) return IDLE;
  let progress: ReclassifyProgress;
  try {
    progress = { ...IDLE, ...(JSON.parse(row.value) as ReclassifyProgress) };
  } catch {
    return IDLE;
  }
  if (
    progress.state === "running" &&
    !runs().has(projectId) &&
    Date.now() - row.updatedAt.getTime() > STALE_MS
  ) {
    return { ...progress, state: "failed", error: "Interrupted (the server stopped during the run)." };
  }
  return progress;
}

/**
 * Starts re-classifying the project's history in the background and answers at once with its progress;
 * while a run is going for the project, answers with that one instead of starting another.
 */
export async function startReclassify({
  db,
  projectId,
}: {
  db: Db;
  projectId: string;
}): Promise<{ progress: ReclassifyProgress; started: boolean }> {
  const registry = runs();
  if (registry.has(projectId))
    return { progress: await getReclassifyProgress({ db, projectId }), started: false };
  // Registered before the first await, so two concurrent starts cannot both begin a run.
  let ready: (p: ReclassifyProgress) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const initialised = new Promise<ReclassifyProgress>((resolve, reject) => {
    ready = resolve;
    fail = reject;
  });
  const run = initialised
    .then((initial) => reclassifyProject({ db, projectId, initial }))
    .catch(async (error: unknown) => {
      logger.error({ err: error, projectId }, "re-classification failed");
      const failed: ReclassifyProgress = {
        ...(await getReclassifyProgress({ db, projectId }).catch(() => IDLE)),
        state: "failed",
        finished_at: new Date().toISOString(),
        error: error instanceof Error ? error.message : String(error),
      };
      await writeProgress(db, projectId, failed).catch(() => {});
      return failed;
    })
    .finally(() => registry.delete(projectId));
  registry.set(projectId, run);
  try {
    const initial: ReclassifyProgress = {
      state: "running",
      done: 0,
      total: await countFailed(db, projectId),
      changed: 0,
      started_at: new Date().toISOString(),
      finished_at: null,
      error: null,
    };
    await writeProgress(db, projectId, initial);
    ready(initial);
    return { progress: initial, started: true };
  } catch (error) {
    fail(error);
    throw error;
  }
}

/** The running re-classification of the project, to await (tests); null when none is running here. */
export function currentReclassify(projectId: string): Promise<ReclassifyProgress> | null {
  return runs().get(projectId) ?? null;
}

async function countFailed(db: Db, projectId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(job)
    .where(and(eq(job.projectId, projectId), eq(job.status, "failed"), isNotNull(job.endedAt)));
  return Number(row?.n ?? 0);
}

/**
 * Re-classifies every failed job of the project with its current rules, chunk by chunk (see the top of this
 * file), recording progress; resolves when the whole history is done. Runs in the caller: startReclassify
 * is the background form.
 */
export async function reclassifyProject({
  db,
  projectId,
  onProgress,
  chunkSize = CHUNK_SIZE,
  initial,
}: {
  db: Db;
  projectId: string;
  onProgress?: (progress: ReclassifyProgress) => void | Promise<void>;
  chunkSize?: number;
  initial?: ReclassifyProgress;
}): Promise<ReclassifyProgress> {
  const rules = await activeRules({ db, projectId });
  const progress: ReclassifyProgress = initial ?? {
    state: "running",
    done: 0,
    total: await countFailed(db, projectId),
    changed: 0,
    started_at: new Date().toISOString(),
    finished_at: null,
    error: null,
  };
  if (!initial) await writeProgress(db, projectId, progress);
  let after: string | null = null;
  for (;;) {
    const cursor: string | null = after;
    const { count, changed, last }: ChunkResult = await withRetry(() =>
      db.transaction((tx) => reclassifyChunk(tx, projectId, rules, cursor, chunkSize)),
    );
    if (count === 0) break;
    after = last;
    progress.done += count;
    progress.changed += changed;
    progress.total = Math.max(progress.total, progress.done);
    await writeProgress(db, projectId, progress);
    await onProgress?.({ ...progress });
    if (count < chunkSize) break;
  }
  progress.state = "done";
  progress.total = progress.done;
  progress.finished_at = new Date().toISOString();
  await writeProgress(db, projectId, progress);
  await onProgress?.({ ...progress });
  return { ...progress };
}

/** A chunk that lost a deadlock against a concurrent ingest is tried again. */
async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      const code =
        (error as { code?: string; cause?: { code?: string } }).code ??
        (error as { cause?: { code?: string } }).cause?.code;
      if (i >= attempts || (code !== "40P01" && code !== "40001")) throw error;
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }
}

type Target = {
  fp: string;
  cls: FailureClass;
  title: string;
  message: string;
  jobs: { endedAt: Date; agent: string | null; model: string | null; harness: string | null }[];
};

type ChunkResult = { count: number; changed: number; last: string | null };

async function reclassifyChunk(
  tx: Tx,
  projectId: string,
  rules: Rule[],
  after: string | null,
  chunkSize: number,
): Promise<ChunkResult> {
  const where = [eq(job.projectId, projectId), eq(job.status, "failed"), isNotNull(job.endedAt)];
  if (after) where.push(gt(job.id, after));
  const rows = await tx
    .select({
      id: job.id,
      error: job.error,
      harness: job.harness,
      model: job.model,
      agent: job.agentName,
      endedAt: job.endedAt,
      failureClass: job.failureClass,
      issueId: job.failureIssueId,
      issueFp: failureIssue.fingerprint,
    })
    .from(job)
    .leftJoin(failureIssue, eq(failureIssue.id, job.failureIssueId))
    .where(and(...where))
    .orderBy(asc(job.id))
    .limit(chunkSize);
  if (rows.length === 0) return { count: 0, changed: 0, last: after };
  const targets = new Map<string, Target>();
  const moves: { id: string; fp: string; cls: FailureClass; from: string | null }[] = [];
  const tools = await endingToolFailures(
    tx,
    projectId,
    rows.map((r) => r.id),
  );
  for (const r of rows) {
    const input = { ...failureInput(r), tool: tools.get(r.id) ?? null };
    const { failureClass } = classify(input, rules);
    const fp = fingerprint({ failureClass, message: input.message, tool: input.tool });
    if (r.issueId && r.issueFp === fp && r.failureClass === failureClass) continue;
    moves.push({ id: r.id, fp, cls: failureClass, from: r.issueId });
    const t = targets.get(fp) ?? {
      fp,
      cls: failureClass,
      title: issueTitle({ failureClass, message: input.message, type: input.type }),
      message: input.message,
      jobs: [],
    };
    t.jobs.push({ endedAt: r.endedAt as Date, agent: r.agent, model: r.model, harness: r.harness });
    targets.set(fp, t);
  }
  const last = rows[rows.length - 1]?.id ?? after;
  if (moves.length === 0) return { count: rows.length, changed: 0, last };

  // Target issues: create the missing ones as ingest does (counts and lists are recomputed below).
  const fps = [...targets.keys()].sort();
  for (const fp of fps) {
    const t = targets.get(fp) as Target;
    const times = t.jobs.map((j) => j.endedAt.getTime());
    const uniq = (xs: (string | null)[]) =>
      [...new Set(xs.filter((x): x is string => !!x))].slice(0, LIST_CAP);
    await tx
      .insert(failureIssue)
      .values({
        projectId,
        fingerprint: fp,
        failureClass: t.cls,
        title: t.title,
        sampleMessage: t.message.slice(0, 4000),
        state: "new",
        eventCount: 0,
        firstSeenAt: new Date(Math.min(...times)),
        lastSeenAt: new Date(Math.max(...times)),
        agents: uniq(t.jobs.map((j) => j.agent)),
        models: uniq(t.jobs.map((j) => j.model)),
        harnesses: uniq(t.jobs.map((j) => j.harness)),
      })
      .onConflictDoNothing({ target: [failureIssue.projectId, failureIssue.fingerprint] });
  }
  const targetRows = await tx
    .select({ id: failureIssue.id, fp: failureIssue.fingerprint })
    .from(failureIssue)
    .where(and(eq(failureIssue.projectId, projectId), inArray(failureIssue.fingerprint, fps)));
  const idOf = new Map(targetRows.map((r) => [r.fp, r.id]));

  // Repoint the jobs, one update per target issue.
  const byTarget = new Map<string, string[]>();
  for (const m of moves) byTarget.set(m.fp, [...(byTarget.get(m.fp) ?? []), m.id]);
  for (const [fp, ids] of byTarget) {
    const t = targets.get(fp) as Target;
    await tx
      .update(job)
      .set({ failureClass: t.cls, failureIssueId: idOf.get(fp) ?? null })
      .where(inArray(job.id, ids));
  }

  // Recompute the issues that lost or gained jobs, locked in fingerprint order like ingest locks them.
  const affected = [
    ...new Set([...moves.map((m) => m.from).filter((x): x is string => !!x), ...idOf.values()]),
  ];
  await tx
    .select({ id: failureIssue.id })
    .from(failureIssue)
    .where(inArray(failureIssue.id, affected))
    .orderBy(failureIssue.fingerprint)
    .for("update");
  await recomputeIssues(tx, projectId, affected);
  return { count: rows.length, changed: moves.length, last };
}

const idList = (ids: string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** event_count, first/last seen and the agent/model/harness lists of these issues, from their jobs. */
async function recomputeIssues(tx: Tx, projectId: string, ids: string[]) {
  if (ids.length === 0) return;
  const list = (col: string) =>
    sql.raw(
      `coalesce((select array_agg(v) from (select distinct j.${col} as v from job j where j.failure_issue_id = failure_issue.id and j.${col} is not null order by 1 limit ${LIST_CAP}) s), '{}'::text[])`,
    );
  await tx.execute(sql`
    update failure_issue set
      event_count = (select count(*)::int from job j where j.failure_issue_id = failure_issue.id),
      first_seen_at = coalesce((select min(j.ended_at) from job j where j.failure_issue_id = failure_issue.id), first_seen_at),
      last_seen_at = coalesce((select max(j.ended_at) from job j where j.failure_issue_id = failure_issue.id), last_seen_at),
      agents = ${list("agent_name")},
      models = ${list("model")},
      harnesses = ${list("harness")}
    where project_id = ${projectId} and id in (${idList(ids)})`);
  // Issues the old rules made and the new ones emptied, that nobody triaged, go.
  await tx.execute(sql`
    delete from failure_issue i
    where i.project_id = ${projectId} and i.id in (${idList(ids)})
      and i.event_count = 0 and i.assignee_id is null
      and not exists (select 1 from job j where j.failure_issue_id = i.id)
      and not exists (select 1 from ${issueActivity} a where a.issue_id = i.id)
      and not exists (select 1 from failure_issue m where m.merged_into_id = i.id)`);
}
