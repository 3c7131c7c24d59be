// Collects the events of one imported file: deterministic ids, a running seq, times that never go back.
import type { RawEvent } from "./types";
import { eventId, iso, type Json } from "./util";

/** The sub-agent branch an event belongs to, and the Task/Agent tool call that spawned it when known. */
export type BranchRef = { branch: string; parentCallId?: string };

export class Emitter {
  readonly events: RawEvent[] = [];
  private readonly ids = new Set<string>();
  private last = Number.NEGATIVE_INFINITY;

  /**
   * @param job the job id (Claude Code session id)
   * @param scope separates the ids of a session file from those of its sub-agent files
   */
  constructor(
    readonly job: string,
    readonly scope: string,
    readonly agent: string,
  ) {}

  /**
   * Event times are clamped to be non-decreasing, so ordering by (time, seq) gives back the file's order
   * even where a file's timestamps go back a few milliseconds (parallel tool results do).
   */
  emit(type: string, key: string[], time: number, data: Json, branch?: BranchRef): RawEvent {
    const t = Math.max(time, this.last);
    this.last = t;
    let id = eventId([this.job, this.scope, ...key]);
    for (let n = 2; this.ids.has(id); n++) id = eventId([this.job, this.scope, ...key, String(n)]);
    this.ids.add(id);
    const full: Json = { ...data };
    if (branch) {
      full.branch = branch.branch;
      if (branch.parentCallId) full.branch_parent_call_id = branch.parentCallId;
    }
    for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
    const event: RawEvent = { id, type, time: iso(t), job: this.job, seq: this.events.length, data: full };
    if (type === "job.started") event.agent = this.agent;
    this.events.push(event);
    return event;
  }
}
