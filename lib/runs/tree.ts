// Building a run's tree from its jobs: pure, so the same set of jobs gives the same tree whatever order their
// events arrived in. Parents may be missing (a child reported first): the missing job becomes a placeholder
// node that its children sit under, and the tree has the same shape once it arrives. Every walk is cycle-safe
// (parent_job and retry_of come from runners and may loop).
import type { Rollup, Run, RunJob, RunNode, Tokens } from "./schemas";

type Links = { parent: string | null; root: string | null; retry_of: string | null };

/** How far up a parent chain the root search goes before it stops (a run deeper than this is unusual). */
export const ROOT_WALK_LIMIT = 64;

/**
 * The root of the run `start` belongs to: its explicit root_job, else the top of its parent chain (a retry
 * with no parent follows retry_of, as it sits next to the job it retries). A job missing from `lookup` ends
 * the walk and is the root (not reported yet). A loop ends at its smallest job id, so every job of the loop
 * names the same root.
 */
export function resolveRoot(start: string, lookup: (ext: string) => Links | undefined): string {
  const path: string[] = [];
  let cur = start;
  for (;;) {
    const row = lookup(cur);
    if (!row) return cur;
    if (row.root) return row.root;
    const up = row.parent ?? row.retry_of;
    if (!up || up === cur) return cur;
    path.push(cur);
    const loop = path.indexOf(up);
    if (loop !== -1) return [...path.slice(loop)].sort()[0] as string;
    cur = up;
    // ROOT_WALK_LIMIT steps up: as far as findRunRoot's query reads (depth 0 to ROOT_WALK_LIMIT)
    if (path.length >= ROOT_WALK_LIMIT) return cur;
  }
}

const zeroTokens = (): Tokens => ({ input: 0, output: 0, cache_read: 0, cache_write: 0 });
/** Costs are numeric(16,8) in the database: sums are rounded back to 8 decimals so 0.1 + 0.2 is 0.3. */
const round8 = (x: number) => Math.round(x * 1e8) / 1e8;

function emptyRollup(): Rollup {
  return { cost_usd: null, tokens: zeroTokens(), jobs: 0, failures: 0, running: 0 };
}

function add(into: Rollup, r: Rollup) {
  if (r.cost_usd !== null) into.cost_usd = round8((into.cost_usd ?? 0) + r.cost_usd);
  into.tokens.input += r.tokens.input;
  into.tokens.output += r.tokens.output;
  into.tokens.cache_read += r.tokens.cache_read;
  into.tokens.cache_write += r.tokens.cache_write;
  into.jobs += r.jobs;
  into.failures += r.failures;
  into.running += r.running;
}

function ownRollup(j: RunJob | undefined): Rollup {
  if (!j) return emptyRollup();
  return {
    cost_usd: j.cost_usd,
    tokens: { ...j.tokens },
    jobs: 1,
    failures: j.status === "failed" ? 1 : 0,
    running: j.status === "running" ? 1 : 0,
  };
}

/** Retry chains: for each job in one, its chain's first attempt and its attempt number (1-based). */
function retryChains(jobs: Map<string, RunJob>) {
  const head = new Map<string, { head: string; n: number }>();
  const find = (ext: string) => {
    const seen: string[] = [ext];
    let cur = ext;
    for (;;) {
      const prev = jobs.get(cur)?.retry_of;
      if (!prev || seen.includes(prev) || seen.length > ROOT_WALK_LIMIT) break;
      seen.push(prev);
      cur = prev;
    }
    return { head: cur, n: seen.length };
  };
  for (const [ext, j] of jobs) if (j.retry_of) head.set(ext, find(ext));
  for (const { head: h } of [...head.values()]) if (!head.has(h)) head.set(h, { head: h, n: 1 });
  return head;
}

export function buildRun({
  rootExternalId,
  jobExternalId,
  jobs: rows,
  truncated,
  jobLimit,
}: {
  rootExternalId: string;
  jobExternalId: string;
  jobs: RunJob[];
  truncated: boolean;
  jobLimit: number;
}): Run {
  const jobs = new Map(rows.map((j) => [j.external_id, j]));
  // every id a job names (parent, retry_of) that is not reported yet, and the root, are placeholder nodes
  const ids = new Set<string>([rootExternalId, ...jobs.keys()]);
  for (const j of rows) {
    if (j.parent) ids.add(j.parent);
    if (j.retry_of) ids.add(j.retry_of);
  }
  const chains = retryChains(jobs);
  const treeParent = (ext: string): string | null => {
    if (ext === rootExternalId) return null;
    const chain = chains.get(ext);
    const anchor = chain && chain.head !== ext ? chain.head : ext;
    if (anchor !== ext) return treeParent(anchor);
    return jobs.get(ext)?.parent ?? rootExternalId;
  };
  // a placeholder sorts where the earliest job naming it does
  const sortAt = new Map<string, string>();
  for (const j of rows) sortAt.set(j.external_id, j.sort_at);
  for (const j of rows)
    for (const named of [j.parent, j.retry_of])
      if (named && !jobs.has(named) && (sortAt.get(named) ?? "~") > j.sort_at) sortAt.set(named, j.sort_at);
  const key = (ext: string) => {
    const c = chains.get(ext);
    return [sortAt.get(c?.head ?? ext) ?? "", c?.head ?? ext, String(c?.n ?? 0).padStart(6, "0"), ext];
  };
  const cmp = (a: string, b: string) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++)
      if (ka[i] !== kb[i]) return (ka[i] as string) < (kb[i] as string) ? -1 : 1;
    return 0;
  };

  const parentOf = new Map<string, string | null>();
  for (const ext of ids) parentOf.set(ext, treeParent(ext));
  const nodes: RunNode[] = [];
  const visited = new Set<string>();
  const kidsOf = new Map<string | null, string[]>();
  for (const [ext, p] of parentOf) if (p !== ext) kidsOf.set(p, [...(kidsOf.get(p) ?? []), ext]);
  for (const list of kidsOf.values()) list.sort(cmp);
  const childrenOf = (ext: string) => (kidsOf.get(ext) ?? []).filter((c) => !visited.has(c));
  const chainLength = new Map<string, number>();
  for (const { head, n } of chains.values()) chainLength.set(head, Math.max(chainLength.get(head) ?? 1, n));
  const chainAt = new Map<string, string>();
  for (const [ext, c] of chains) chainAt.set(`${c.head}#${c.n}`, ext);
  const ref = (ext: string | undefined) => {
    const j = ext ? jobs.get(ext) : undefined;
    return j ? { id: j.id, external_id: j.external_id } : null;
  };

  const visit = (ext: string, depth: number, parent: string | null): Rollup => {
    visited.add(ext);
    const j = jobs.get(ext);
    const chain = chains.get(ext);
    const node: RunNode = {
      external_id: ext,
      id: j?.id ?? null,
      placeholder: !j,
      parent_external_id: parent,
      depth,
      title: j?.title ?? null,
      agent: j?.agent ?? null,
      model: j?.model ?? null,
      step: j?.step ?? null,
      status: j?.status ?? null,
      started_at: j?.started_at ?? null,
      ended_at: j?.ended_at ?? null,
      duration_ms: j?.duration_ms ?? null,
      cost_usd: j?.cost_usd ?? null,
      tokens: j ? { ...j.tokens } : zeroTokens(),
      attempt: chain
        ? {
            n: chain.n,
            of: chainLength.get(chain.head) ?? chain.n,
            previous: ref(chainAt.get(`${chain.head}#${chain.n - 1}`)),
            next: ref(chainAt.get(`${chain.head}#${chain.n + 1}`)),
          }
        : null,
      children: 0,
      subtree: emptyRollup(),
    };
    nodes.push(node);
    const sub = ownRollup(j);
    const kids = childrenOf(ext);
    for (const c of kids) if (!visited.has(c)) add(sub, visit(c, depth + 1, ext));
    node.children = kids.length;
    node.subtree = sub;
    return sub;
  };

  const totals = emptyRollup();
  // the root, and next to it the retries of the root (attempts 2, 3... of the whole run)
  for (const top of [rootExternalId, ...(kidsOf.get(null) ?? []).filter((x) => x !== rootExternalId)])
    if (!visited.has(top)) add(totals, visit(top, 0, null));
  // jobs that hang in a loop of their own (parent_job cycles away from the root) go under the root
  for (;;) {
    const left = [...ids].filter((x) => !visited.has(x)).sort();
    if (!left.length) break;
    const top = left[0] as string;
    const r = visit(top, 1, rootExternalId);
    const rootNode = nodes[0] as RunNode;
    rootNode.children += 1;
    add(rootNode.subtree, r);
    add(totals, r);
  }
  return {
    root_external_id: rootExternalId,
    root_id: jobs.get(rootExternalId)?.id ?? null,
    job_external_id: jobExternalId,
    nodes,
    totals,
    truncated,
    job_limit: jobLimit,
  };
}
