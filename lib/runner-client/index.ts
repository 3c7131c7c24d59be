// The runner-side client of the ingest protocol (docs/runner-client.md). No server code: node:crypto, node:zlib, fetch.
export { FleetwatchClient, MAX_BODY_BYTES, MAX_EVENTS_PER_REQUEST } from "./client";
export { randomEventId, stableEventId } from "./ids";
export { backoffDelay, parseRetryAfter } from "./retry";
export { signatureHeader } from "./sign";
export { eventsEndpoint } from "./transport";
export type {
  ClientEvent,
  ClientStats,
  EventData,
  EventType,
  FleetwatchClientOptions,
  FleetwatchErrorKind,
  FlushResult,
  Rejection,
  WireEvent,
} from "./types";
export { FleetwatchError } from "./types";
