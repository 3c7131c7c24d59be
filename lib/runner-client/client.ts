// FleetwatchClient: queue events, send them in batches from one sequential pump, report problems, never throw.
import { installExitHandlers } from "./exit";
import { defaultSleep } from "./retry";
import { deliverBatch, eventsEndpoint, type TransportConfig } from "./transport";
import {
  type ClientEvent,
  type ClientStats,
  type FleetwatchClientOptions,
  FleetwatchError,
  type FlushResult,
} from "./types";
import { prepareEvent } from "./wire";

/** The protocol's limits (docs/ingest.md). */
export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
const ENVELOPE = { head: '{"events":[', tail: "]}" };
const ENVELOPE_BYTES = ENVELOPE.head.length + ENVELOPE.tail.length;

type Queued = { n: number; id: string; json: string; bytes: number };
type Waiter = { target: number; result: FlushResult; resolve: (r: FlushResult) => void };

const emptyResult = (): FlushResult => ({
  ok: true,
  sent: 0,
  accepted: 0,
  duplicates: 0,
  rejected: 0,
  failed: 0,
  rejections: [],
  errors: [],
});

const defaultOnError = (err: FleetwatchError) => {
  process.stderr.write(`[fleetwatch] ${err.message}\n`);
};

export class FleetwatchClient {
  readonly stats: ClientStats = {
    sent: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    retries: 0,
    failedBatches: 0,
    failed: 0,
    dropped: 0,
  };
  private readonly transport: TransportConfig;
  private readonly batchSize: number;
  private readonly maxQueue: number;
  private readonly maxBodyBytes: number;
  private readonly idPrefix: string;
  private readonly onError: (err: FleetwatchError) => void;
  private readonly now: () => number;
  private queue: Queued[] = [];
  private head = 0;
  private inFlight = 0;
  private nextN = 1;
  private processedUpTo = 0;
  private drainTarget = 0;
  private pumping = false;
  private closed = false;
  private waiters: Waiter[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private uninstallExitHandlers: (() => void) | null = null;

  constructor(options: FleetwatchClientOptions & { maxBodyBytes?: number }) {
    if (!options.url) throw new TypeError("FleetwatchClient: url is required (the console's base URL).");
    if (!options.key) throw new TypeError("FleetwatchClient: key is required (an ingest key).");
    this.now = options.now ?? Date.now;
    this.batchSize = Math.max(1, Math.min(MAX_EVENTS_PER_REQUEST, Math.floor(options.batchSize ?? 100)));
    this.maxQueue = Math.max(1, options.maxQueue ?? 100_000);
    this.maxBodyBytes = Math.min(MAX_BODY_BYTES, options.maxBodyBytes ?? MAX_BODY_BYTES);
    this.idPrefix = options.idPrefix ?? "fw";
    this.onError = options.onError ?? defaultOnError;
    this.transport = {
      endpoint: eventsEndpoint(options.url),
      key: options.key,
      signingSecret: options.signingSecret || undefined,
      gzip: options.gzip ?? false,
      fetch: options.fetch ?? globalThis.fetch,
      maxRetries: Math.max(0, options.maxRetries ?? 8),
      retryBaseMs: Math.max(0, options.retryBaseMs ?? 250),
      retryMaxMs: Math.max(0, options.retryMaxMs ?? 30_000),
      timeoutMs: Math.max(1, options.timeoutMs ?? 30_000),
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      now: this.now,
      onRetry: () => {
        this.stats.retries++;
      },
    };
    const interval = options.flushIntervalMs ?? 1000;
    if (interval > 0) {
      this.timer = setInterval(() => this.flushSoon(), interval);
      this.timer.unref?.();
    }
    if (options.exitHandlers) this.installExitHandlers();
  }

  /** The endpoint requests go to. */
  get endpoint(): string {
    return this.transport.endpoint;
  }

  /** Events queued or in flight. */
  get pending(): number {
    return this.queue.length - this.head + this.inFlight;
  }

  /**
   * Queues one event. Never throws: an event that cannot be sent (unserialisable, over 5 MB, bad time,
   * queue full, client closed) is dropped, counted in stats.dropped and reported to onError.
   * Returns the event's id, or null when it was dropped.
   */
  send(event: ClientEvent): string | null {
    const refuse = (kind: "invalid_event" | "queue_full" | "closed", message: string, id?: string) => {
      this.stats.dropped++;
      this.report(new FleetwatchError(kind, message, { eventIds: id ? [id] : [] }));
      return null;
    };
    if (this.closed) return refuse("closed", "send() after close(): the event was dropped.", event?.id);
    const prepared = prepareEvent(event, { idPrefix: this.idPrefix, nowMs: this.now() });
    if (!prepared.ok) return refuse("invalid_event", prepared.message, event?.id);
    const { json, bytes } = prepared;
    const { id } = prepared.wire;
    if (this.queue.length - this.head >= this.maxQueue) {
      return refuse(
        "queue_full",
        `The queue holds ${this.maxQueue} events already: event ${id} dropped.`,
        id,
      );
    }
    if (bytes + ENVELOPE_BYTES > this.maxBodyBytes) {
      return refuse(
        "invalid_event",
        `Event ${id} is ${bytes} bytes; a request body holds at most ${this.maxBodyBytes}. Trim its data.`,
        id,
      );
    }
    this.queue.push({ n: this.nextN++, id, json, bytes });
    if (this.queue.length - this.head >= this.batchSize) void this.pump();
    return id;
  }

  /** Sends everything queued so far; resolves when the server answered for all of it. Never rejects. */
  flush(): Promise<FlushResult> {
    const target = this.nextN - 1;
    if (target <= this.processedUpTo) return Promise.resolve(emptyResult());
    this.drainTarget = Math.max(this.drainTarget, target);
    const promise = new Promise<FlushResult>((resolve) => {
      this.waiters.push({ target, result: emptyResult(), resolve });
    });
    void this.pump();
    return promise;
  }

  /** Flushes, stops the timer, and refuses later events. */
  async close(): Promise<FlushResult> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const result = await this.flush();
    this.uninstallExitHandlers?.();
    return result;
  }

  /**
   * Flushes on beforeExit; on SIGINT/SIGTERM, closes (at most `timeoutMs`) then exits with 130/143.
   * A second signal during that flush kills the process as usual. Returns a function that uninstalls.
   */
  installExitHandlers(options: { timeoutMs?: number } = {}): () => void {
    if (!this.uninstallExitHandlers) {
      const uninstall = installExitHandlers(this, options);
      this.uninstallExitHandlers = () => {
        uninstall();
        this.uninstallExitHandlers = null;
      };
    }
    return this.uninstallExitHandlers;
  }

  private flushSoon(): void {
    if (this.queue.length - this.head === 0) return;
    this.drainTarget = Math.max(this.drainTarget, this.nextN - 1);
    void this.pump();
  }

  private report(error: FleetwatchError): void {
    try {
      this.onError(error);
    } catch {
      // an onError that throws must not break the pump
    }
  }

  /** Takes up to batchSize events (and at most 1000, and under the body limit) off the queue. */
  private takeBatch(): Queued[] {
    const items: Queued[] = [];
    let bytes = ENVELOPE_BYTES;
    while (items.length < this.batchSize && this.head < this.queue.length) {
      const next = this.queue[this.head] as Queued;
      const add = next.bytes + (items.length > 0 ? 1 : 0);
      if (items.length > 0 && bytes + add > this.maxBodyBytes) break;
      items.push(next);
      bytes += add;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return items;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const first = this.queue[this.head];
        if (!first) break;
        if (this.queue.length - this.head < this.batchSize && first.n > this.drainTarget) break;
        const batch = this.takeBatch();
        this.inFlight = batch.length;
        try {
          await this.sendBatch(batch);
        } finally {
          this.inFlight = 0;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private async sendBatch(batch: Queued[]): Promise<void> {
    const first = (batch[0] as Queued).n;
    const last = (batch[batch.length - 1] as Queued).n;
    const ids = batch.map((e) => e.id);
    const body = Buffer.from(ENVELOPE.head + batch.map((e) => e.json).join(",") + ENVELOPE.tail);
    this.stats.sent += batch.length;
    const outcome = await deliverBatch(this.transport, body, ids).catch((error: unknown) => ({
      ok: false as const,
      error: new FleetwatchError("network", `Unexpected error: ${(error as Error)?.message ?? error}`, {
        eventIds: ids,
        cause: error,
      }),
    }));
    const covering = this.waiters.filter((w) => w.target >= first);
    for (const w of covering) w.result.sent += batch.length;
    if (outcome.ok) {
      const { accepted, duplicates, rejected } = outcome.response;
      this.stats.accepted += accepted;
      this.stats.duplicates += duplicates;
      this.stats.rejected += rejected;
      let error: FleetwatchError | null = null;
      if (outcome.rejections.length > 0 || rejected > 0) {
        const list = outcome.rejections.map((r) => `${r.id ?? `#${r.index}`}: ${r.error}`);
        const shown = list.slice(0, 5).join("; ") + (list.length > 5 ? `; and ${list.length - 5} more` : "");
        error = new FleetwatchError(
          "rejected",
          `Fleetwatch rejected ${rejected} of ${batch.length} events (HTTP ${outcome.status}): ${shown}`,
          {
            status: outcome.status,
            eventIds: outcome.rejections.flatMap((r) => (r.id ? [r.id] : [])),
            rejections: outcome.rejections,
            attempts: outcome.attempts,
          },
        );
      }
      for (const w of covering) {
        w.result.accepted += accepted;
        w.result.duplicates += duplicates;
        w.result.rejected += rejected;
        w.result.rejections.push(...outcome.rejections);
        if (error) w.result.errors.push(error);
        if (rejected > 0) w.result.ok = false;
      }
      if (error) this.report(error);
    } else {
      this.stats.failedBatches++;
      this.stats.failed += batch.length;
      for (const w of covering) {
        w.result.ok = false;
        w.result.failed += batch.length;
        w.result.errors.push(outcome.error);
      }
      this.report(outcome.error);
    }
    this.inFlight = 0;
    this.processedUpTo = last;
    const done = this.waiters.filter((w) => w.target <= this.processedUpTo);
    this.waiters = this.waiters.filter((w) => w.target > this.processedUpTo);
    for (const w of done) w.resolve(w.result);
  }
}
