// An expanded run as an indented list: each job under the job that started it, a retry beside the attempt it
// retries (same depth, after it), jobs that only name the root in root_job under the root. Pure.

type TreeJob = { id: string; external_id: string; parent_job: string | null; retry_of: string | null };

/** Deeper than this is shown at this depth: a runaway chain of sub-agents still fits the screen. */
const MAX_DEPTH = 8;

export function runTree<T extends TreeJob>(jobs: T[], rootId: string): { job: T; depth: number }[] {
  const byExt = new Map(jobs.map((j) => [j.external_id, j]));
  const root = jobs.find((j) => j.id === rootId);
  // the job each one hangs under; a retry hangs where the attempt it retries does
  const under = (j: T, seen = new Set<string>()): string | null => {
    if (j.id === rootId || seen.has(j.external_id)) return null;
    seen.add(j.external_id);
    const retried = j.retry_of ? byExt.get(j.retry_of) : undefined;
    if (retried) return under(retried, seen);
    if (j.parent_job && byExt.has(j.parent_job) && j.parent_job !== j.external_id) return j.parent_job;
    return root?.external_id ?? null;
  };
  const children = new Map<string | null, T[]>();
  for (const j of jobs) {
    const p = j.id === rootId ? null : under(j);
    children.set(p, [...(children.get(p) ?? []), j]);
  }
  const out: { job: T; depth: number }[] = [];
  const placed = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const j of children.get(parent) ?? []) {
      if (placed.has(j.id)) continue;
      placed.add(j.id);
      out.push({ job: j, depth: Math.min(depth, MAX_DEPTH) });
      walk(j.external_id, depth + 1);
    }
  };
  walk(null, 0);
  // anything a cycle kept out of the walk still shows, at the first level
  for (const j of jobs) if (!placed.has(j.id)) out.push({ job: j, depth: 1 });
  return out;
}
