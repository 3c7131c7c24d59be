// Freshness probes for bench:webhook: one new fact sent as a single event, then the read API polled until it
// shows. Even probes are a job.started of a new job (on a new agent), seen on the job page (GET /api/v1/jobs/{id})
// and in the jobs list (GET /api/v1/jobs?agent=); odd ones an agent.heartbeat of a new agent, seen on the agent
// (GET /api/v1/agents/{name}). Freshness = from the 2xx to the end of the first poll that shows it.
import type { httpClient } from "./load";

export const SURFACES = ["job page", "jobs list", "agent"] as const;
export type Surface = (typeof SURFACES)[number];

export type Freshness = {
  /** ms from the ingest's 2xx until each surface showed the fact (the end of the poll that showed it) */
  seen: Map<Surface, number[]>;
  /** ms from the 2xx until that poll was sent: the projection's lag without the poll's own time (0 if synchronous) */
  sentAfter: Map<Surface, number[]>;
  /** probes a surface did not show within the timeout */
  missed: Map<Surface, number>;
  /** the probes' own POST latencies, and the probes refused */
  acks: number[];
  refused: number;
};

export function newFreshness(): Freshness {
  return {
    seen: new Map(SURFACES.map((s) => [s, []])),
    sentAfter: new Map(SURFACES.map((s) => [s, []])),
    missed: new Map(),
    acks: [],
    refused: 0,
  };
}

export function probeEvent(prefix: string, n: number, time = new Date()) {
  const iso = time.toISOString();
  if (n % 2 === 0) {
    const jobId = `${prefix}-probe-${n}`;
    const agent = `${prefix}-worker-${n}`;
    return {
      event: {
        id: jobId,
        type: "job.started",
        time: iso,
        job: jobId,
        agent,
        data: { harness: "claude-code", title: "probe" },
      },
      polls: [
        ["job page", `/api/v1/jobs/${encodeURIComponent(jobId)}`, () => true],
        [
          "jobs list",
          `/api/v1/jobs?agent=${encodeURIComponent(agent)}`,
          (text: string) => (JSON.parse(text) as { jobs: unknown[] }).jobs.length > 0,
        ],
      ] as [Surface, string, (text: string) => boolean][],
    };
  }
  const agent = `${prefix}-hb-${n}`;
  return {
    event: { id: `${agent}-beat`, type: "agent.heartbeat", time: iso, agent, data: { status: "idle" } },
    polls: [["agent", `/api/v1/agents/${encodeURIComponent(agent)}`, () => true]] as [
      Surface,
      string,
      (text: string) => boolean,
    ][],
  };
}

/** Sends probe n and polls every `everyMs` until each surface shows it or `timeoutMs` passes. */
export async function runProbe(opts: {
  client: ReturnType<typeof httpClient>;
  ingest: Record<string, string>;
  read: Record<string, string>;
  prefix: string;
  n: number;
  into: Freshness;
  onAck: (isJobEvent: boolean) => void;
  everyMs?: number;
  timeoutMs?: number;
}) {
  const { client, into } = opts;
  const { event, polls } = probeEvent(opts.prefix, opts.n);
  const t0 = performance.now();
  const r = await client.request("POST", "/api/v1/events", opts.ingest, JSON.stringify({ events: [event] }));
  if (r.status !== 200 || (JSON.parse(r.text) as { accepted?: number }).accepted !== 1) {
    into.refused++;
    return;
  }
  const acked = performance.now();
  into.acks.push(acked - t0);
  opts.onAck(event.type.startsWith("job."));
  await Promise.all(
    polls.map(async ([surface, path, shows]) => {
      while (performance.now() - acked < (opts.timeoutMs ?? 10_000)) {
        const sent = performance.now();
        const p = await client.request("GET", path, opts.read);
        if (p.status === 200 && shows(p.text)) {
          into.seen.get(surface)?.push(performance.now() - acked);
          into.sentAfter.get(surface)?.push(sent - acked);
          return;
        }
        if (p.status !== 200 && p.status !== 404) throw new Error(`${path} answered ${p.status}: ${p.text}`);
        await new Promise((res) => setTimeout(res, opts.everyMs ?? 20));
      }
      into.missed.set(surface, (into.missed.get(surface) ?? 0) + 1);
    }),
  );
}
