// Sending the simulated fleet: re-delivers a share of events later (another batch, out of order) the way a
// runner that lost an acknowledgement would, and applies back-pressure so memory stays bounded.
import { Rng } from "./random";
import type { WireEvent } from "./types";

/** The part of FleetwatchClient (lib/runner-client) the simulator uses. */
export type EventSink = {
  send(event: never): unknown;
  flush(): Promise<unknown>;
};

/** Passes events through and re-emits a random share of them once more, a few hundred to thousands later. */
export class Redeliverer {
  private readonly rng: Rng;
  private pending: { due: number; event: WireEvent }[] = [];
  private n = 0;
  private nextDue = Number.POSITIVE_INFINITY;
  duplicates = 0;

  constructor(
    seed: number,
    private readonly rate = 0.02,
    private readonly maxDelay = 5000,
  ) {
    this.rng = new Rng(`redeliver|${seed}`);
  }

  /** The events to send now: this one, and any earlier ones due for their second delivery. */
  push(event: WireEvent): WireEvent[] {
    this.n++;
    const out = [event];
    if (this.rate > 0 && this.rng.chance(this.rate)) {
      const due = this.n + this.rng.int(1, this.maxDelay);
      this.pending.push({ due, event });
      this.nextDue = Math.min(this.nextDue, due);
    }
    if (this.nextDue <= this.n) {
      const due = this.pending.filter((p) => p.due <= this.n);
      this.pending = this.pending.filter((p) => p.due > this.n);
      this.nextDue = Math.min(...this.pending.map((p) => p.due), Number.POSITIVE_INFINITY);
      for (const p of due) out.push(p.event);
      this.duplicates += due.length;
    }
    return out;
  }

  /** Everything still waiting for its second delivery. */
  drain(): WireEvent[] {
    const out = this.pending.map((p) => p.event);
    this.duplicates += out.length;
    this.pending = [];
    this.nextDue = Number.POSITIVE_INFINITY;
    return out;
  }
}

export type PumpOptions = {
  redeliver: Redeliverer;
  /** Await the client's flush after this many events (back-pressure). */
  flushEvery?: number;
  onProgress?: (sent: number) => void;
  /** Checked between events: stop early (Ctrl-C). */
  stopped?: () => boolean;
};

/** Sends events through the client with duplicates mixed in; returns how many were handed to the client. */
export async function pump(sink: EventSink, events: Iterable<WireEvent>, opts: PumpOptions): Promise<number> {
  const flushEvery = opts.flushEvery ?? 5000;
  let handed = 0;
  let sinceFlush = 0;
  for (const event of events) {
    for (const e of opts.redeliver.push(event)) {
      sink.send(e as never);
      handed++;
      sinceFlush++;
    }
    if (sinceFlush >= flushEvery) {
      await sink.flush();
      sinceFlush = 0;
      opts.onProgress?.(handed);
    }
    if (opts.stopped?.()) break;
  }
  return handed;
}
