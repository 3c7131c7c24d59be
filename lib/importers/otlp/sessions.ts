// Coding agents' telemetry (Claude Code, Codex) is keyed by a session id: each session is a job. Any telemetry
// of a session implies that its job started, at its earliest event in the request. The id holds that time, so
// a retry is a duplicate and an earlier event arriving late still moves the start back; the receiver drops the
// job.started of a request whose job already started no later (receive.ts), so a session gets one or two.
import type { Attributes } from "./decode";
import { attrStr, clip, eventId, fitId, iso, type Mapping, nameOf } from "./util";

export type Harness = "claude-code" | "codex";

export const HARNESSES: Record<Harness, { session: string[]; agentFallback: string }> = {
  "claude-code": { session: ["session.id"], agentFallback: "claude-code" },
  codex: { session: ["conversation.id", "thread.id", "session.id"], agentFallback: "codex" },
};

/**
 * The agent's name: `fleetwatch.agent` (set it with OTEL_RESOURCE_ATTRIBUTES to match the hook's
 * FLEETWATCH_AGENT), else the user's email or account, else the host, else the harness.
 */
export function agentOf(records: Attributes[], harness: Harness): string {
  return nameOf(
    attrStr(records, "fleetwatch.agent", "user.email", "user.account_uuid", "user.account_id", "host.name"),
    HARNESSES[harness].agentFallback,
  );
}

type Session = {
  harness: Harness;
  job: string;
  agent: string;
  version?: string;
  model?: string;
  title?: string;
  earliest: Date;
  source: number;
};

/** Collects the sessions a request mentions, then adds one job.started for each. */
export class Sessions {
  private readonly byJob = new Map<string, Session>();

  /** The session's job id, or null when the item names no session. */
  see(
    harness: Harness,
    records: Attributes[],
    time: Date,
    source: number,
    facts: { model?: string; title?: string } = {},
  ): string | null {
    const session = attrStr(records, ...HARNESSES[harness].session);
    if (!session) return null;
    const job = fitId(session);
    const s = this.byJob.get(job) ?? {
      harness,
      job,
      agent: agentOf(records, harness),
      version: attrStr(records, "app.version", "service.version"),
      earliest: time,
      source,
    };
    if (time < s.earliest) {
      s.earliest = time;
      s.source = source;
    }
    s.model ??= facts.model;
    s.title ??= facts.title;
    this.byJob.set(job, s);
    return job;
  }

  addStarts(mapping: Mapping): void {
    for (const s of this.byJob.values()) {
      const event = {
        id: eventId(s.harness, s.job, "started", String(s.earliest.getTime())),
        type: "job.started",
        time: iso(s.earliest),
        job: s.job,
        agent: s.agent,
        data: {
          harness: s.harness,
          ...(s.version ? { harness_version: nameOf(s.version, "unknown") } : {}),
          ...(s.model ? { model: nameOf(s.model, "unknown") } : {}),
          ...(s.title ? { title: clip(s.title.replace(/\s+/g, " ").trim(), 200) } : {}),
          source: "opentelemetry",
        },
      };
      mapping.add(s.source, event);
      mapping.impliedStarts.add(event);
    }
  }
}
