// Public types of the runner client. Type-only imports from the protocol: nothing of the server ships with it.
import type { z } from "zod";
import type { EVENT_DATA, EventType, IngestResponse } from "../ingest/protocol";

export type { EventType, IngestResponse };

/** The `data` a runner may send for one event type (unknown extra fields are allowed, as on the server). */
export type EventData<T extends EventType> = z.input<(typeof EVENT_DATA)[T]>;

type EventOf<T extends EventType> = {
  type: T;
  /** Generated once at send() when absent, so a retried batch carries the same ids. */
  id?: string;
  /** Defaults to now. A string must be RFC 3339 (one without an offset is read as local time). */
  time?: string | Date;
  agent?: string;
  seq?: number;
  data: EventData<T>;
} & (T extends `job.${string}` ? { job: string } : { job?: string });

/** A protocol event as the runner writes it: `id` and `time` optional, `time` may be a Date. */
export type ClientEvent = { [T in EventType]: EventOf<T> }[EventType];

/** An event as it goes on the wire. */
export type WireEvent = {
  id: string;
  type: EventType;
  time: string;
  job?: string;
  agent?: string;
  seq?: number;
  data: Record<string, unknown>;
};

export type FleetwatchClientOptions = {
  /** The console's base URL (`https://fleet.example.com`) or the full `.../api/v1/events` endpoint. */
  url: string;
  /** An ingest key. */
  key: string;
  /** The key's signing secret, when it has one: every attempt is then signed afresh. */
  signingSecret?: string;
  /** Events per request (1 to 1000). A full queue triggers a send. Default 100. */
  batchSize?: number;
  /** Queued events are sent at least this often. Default 1000 ms; 0 disables the timer. */
  flushIntervalMs?: number;
  /** Retries after the first attempt on network errors, timeouts, 5xx and 429. Default 8. */
  maxRetries?: number;
  /** Events held in memory at most; send() drops (and reports) events beyond it. Default 100 000. */
  maxQueue?: number;
  /** Send bodies with Content-Encoding: gzip. Default false. */
  gzip?: boolean;
  fetch?: typeof fetch;
  /** Every delivery problem lands here (never thrown from the background). Default: a line on stderr. */
  onError?: (err: FleetwatchError) => void;
  /** Backoff base: attempt n waits random(0, min(retryMaxMs, retryBaseMs * 2^n)). Default 250 ms. */
  retryBaseMs?: number;
  /** Backoff cap, also the cap on a server's Retry-After. Default 30 000 ms. */
  retryMaxMs?: number;
  /** Per attempt: request plus response body. Default 30 000 ms. */
  timeoutMs?: number;
  /** Prefix of generated event ids. Default "fw". */
  idPrefix?: string;
  /** Flush on beforeExit, SIGINT and SIGTERM (see installExitHandlers). Default false. */
  exitHandlers?: boolean;
  /** Testing hooks: the wait between attempts, the jitter source, the clock used for signatures. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
};

export type ClientStats = {
  /** Events posted (once per batch, however many attempts it took). */
  sent: number;
  accepted: number;
  duplicates: number;
  /** Events the server rejected as invalid (207). */
  rejected: number;
  /** Attempts after a batch's first one. */
  retries: number;
  /** Batches given up on: permanent error or retries exhausted. */
  failedBatches: number;
  /** Events in those batches. */
  failed: number;
  /** Events refused by send(): invalid, too large, queue full, or client closed. */
  dropped: number;
};

export type Rejection = { index: number; id: string | null; error: string };

export type FleetwatchErrorKind =
  | "http" // a 4xx other than 429, or the last 5xx/429 after the retries
  | "network" // connection refused or reset, DNS, ...
  | "timeout"
  | "rejected" // 207: some events invalid, the others stored
  | "invalid_event"
  | "queue_full"
  | "closed";

/** One delivery problem, as passed to onError and listed in FlushResult.errors. */
export class FleetwatchError extends Error {
  readonly kind: FleetwatchErrorKind;
  readonly status?: number;
  /** The server's error code (`forbidden`, `payload_too_large`, ...), when it sent one. */
  readonly code?: string;
  /** Ids of the events concerned (the whole batch, or the rejected ones). */
  readonly eventIds: string[];
  readonly rejections: Rejection[];
  /** Requests made for this batch. */
  readonly attempts: number;

  constructor(
    kind: FleetwatchErrorKind,
    message: string,
    extra: {
      status?: number;
      code?: string;
      eventIds?: string[];
      rejections?: Rejection[];
      attempts?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "FleetwatchError";
    this.kind = kind;
    this.status = extra.status;
    this.code = extra.code;
    this.eventIds = extra.eventIds ?? [];
    this.rejections = extra.rejections ?? [];
    this.attempts = extra.attempts ?? 0;
  }
}

/** What one flush() or close() achieved for the events it covered. Delivery failures never throw. */
export type FlushResult = {
  /** True when every covered event was stored or a duplicate. */
  ok: boolean;
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Events in batches that could not be delivered. */
  failed: number;
  /** Per-event rejections (207). */
  rejections: Rejection[];
  errors: FleetwatchError[];
};
