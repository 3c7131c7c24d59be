// Which Task/Agent call of a parent job started each of its child jobs (a sub-agent reported as a job of its
// own). Runners do not say, so it is told by time: a child started between a call and that call's result (or
// after a call that has no result yet) belongs to the earliest such call not already taken, children taken in
// the order they started: parallel Task calls start their agents in order.
export type SpawnCall = { entry_id: string; call_id: string; time: string; result_time: string | null };
export type SpawnChild = {
  id: string;
  external_id: string;
  title: string | null;
  agent: string | null;
  started_at: string;
};

export function matchSpawns(calls: SpawnCall[], children: SpawnChild[]): Map<string, SpawnChild[]> {
  const ordered = [...calls].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const kids = [...children].sort(
    (a, b) =>
      Date.parse(a.started_at) - Date.parse(b.started_at) || a.external_id.localeCompare(b.external_id),
  );
  const taken = new Set<string>();
  const out = new Map<string, SpawnChild[]>();
  for (const child of kids) {
    const at = Date.parse(child.started_at);
    const call = ordered.find(
      (c) =>
        !taken.has(c.call_id) &&
        Date.parse(c.time) <= at &&
        (c.result_time === null || at <= Date.parse(c.result_time)),
    );
    if (!call) continue;
    taken.add(call.call_id);
    out.set(call.call_id, [child]);
  }
  return out;
}
