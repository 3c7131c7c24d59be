// Delivers one batch body: signs each attempt afresh, retries what is worth retrying, classifies the rest.
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import { backoffDelay, honoursRetryAfter, isRetryableStatus, parseRetryAfter } from "./retry";
import { SIGNATURE_HEADER, signatureHeader } from "./sign";
import { sliceUnits } from "./text";
import { FleetwatchError, type IngestResponse, type Rejection } from "./types";

const gzipAsync = promisify(gzipCallback);
const USER_AGENT = "fleetwatch-runner-client/1";

export type TransportConfig = {
  endpoint: string;
  key: string;
  signingSecret?: string;
  gzip: boolean;
  fetch: typeof fetch;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  /** Called before each retry (not before the first attempt), with the delay about to be waited. */
  onRetry?: (delayMs: number, reason: string) => void;
};

export type DeliveryOutcome =
  | { ok: true; status: number; response: IngestResponse; rejections: Rejection[]; attempts: number }
  | { ok: false; error: FleetwatchError };

type Attempt =
  | { kind: "response"; status: number; headers: Headers; text: string }
  | { kind: "network" | "timeout"; message: string; cause: unknown };

/** Normalises a base URL or a full endpoint to the events endpoint. */
export function eventsEndpoint(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, "");
  return /\/api\/v1\/events$/.test(trimmed) ? trimmed : `${trimmed}/api/v1/events`;
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  const code = typeof cause?.code === "string" ? cause.code : null;
  const detail = typeof cause?.message === "string" ? cause.message : (error as Error)?.message;
  return [code, detail].filter(Boolean).join(": ") || String(error);
}

async function attempt(
  cfg: TransportConfig,
  body: Buffer,
  payload: Uint8Array<ArrayBuffer>,
): Promise<Attempt> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${cfg.key}`,
    "content-type": "application/json",
    "user-agent": USER_AGENT,
  };
  if (cfg.gzip) headers["content-encoding"] = "gzip";
  if (cfg.signingSecret) headers[SIGNATURE_HEADER] = signatureHeader(cfg.signingSecret, body, cfg.now());

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, cfg.timeoutMs);
  try {
    const res = await cfg.fetch(cfg.endpoint, {
      method: "POST",
      headers,
      body: payload,
      signal: controller.signal,
    });
    const text = await res.text();
    return { kind: "response", status: res.status, headers: res.headers, text };
  } catch (error) {
    if (timedOut) return { kind: "timeout", message: `no answer within ${cfg.timeoutMs} ms`, cause: error };
    return { kind: "network", message: describeNetworkError(error), cause: error };
  } finally {
    clearTimeout(timer);
  }
}

function serverError(status: number, text: string): { code?: string; message: string } {
  try {
    const json = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof json.error?.message === "string") {
      return {
        code: typeof json.error.code === "string" ? json.error.code : undefined,
        message: json.error.message,
      };
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  const raw = sliceUnits(text.trim(), 500);
  return { message: raw || `HTTP ${status}` };
}

function readResponse(text: string, size: number): { response: IngestResponse; rejections: Rejection[] } {
  try {
    const json = JSON.parse(text) as Partial<IngestResponse>;
    const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
    const rejections: Rejection[] = (Array.isArray(json.results) ? json.results : [])
      .filter((r) => r?.status === "rejected")
      .map((r) => ({ index: r.index, id: r.id ?? null, error: r.error ?? "rejected" }));
    return {
      response: {
        accepted: num(json.accepted),
        duplicates: num(json.duplicates),
        rejected: num(json.rejected),
        results: json.results,
      },
      rejections,
    };
  } catch {
    // A 2xx means committed even when the body is unreadable (a proxy rewrote it): count them accepted.
    return { response: { accepted: size, duplicates: 0, rejected: 0 }, rejections: [] };
  }
}

/** Sends one batch body, retrying on network errors, timeouts, 5xx and 429. Never throws. */
export async function deliverBatch(
  cfg: TransportConfig,
  body: Buffer,
  ids: string[],
): Promise<DeliveryOutcome> {
  let payload: Uint8Array<ArrayBuffer>;
  try {
    payload = new Uint8Array(cfg.gzip ? await gzipAsync(body) : body); // a copy fetch may keep across attempts
  } catch (error) {
    return { ok: false, error: new FleetwatchError("network", `gzip failed: ${error}`, { eventIds: ids }) };
  }
  for (let n = 0; ; n++) {
    const result = await attempt(cfg, body, payload);
    const attempts = n + 1;
    let reason: string;
    let retryAfterMs: number | null = null;
    if (result.kind === "response") {
      const { status } = result;
      if (status >= 200 && status < 300) {
        const { response, rejections } = readResponse(result.text, ids.length);
        return { ok: true, status, response, rejections, attempts };
      }
      const { code, message } = serverError(status, result.text);
      if (!isRetryableStatus(status)) {
        return {
          ok: false,
          error: new FleetwatchError("http", `Fleetwatch refused the batch (HTTP ${status}): ${message}`, {
            status,
            code,
            eventIds: ids,
            attempts,
          }),
        };
      }
      reason = `HTTP ${status}: ${message}`;
      if (honoursRetryAfter(status))
        retryAfterMs = parseRetryAfter(result.headers.get("retry-after"), cfg.now());
      if (n >= cfg.maxRetries) {
        return {
          ok: false,
          error: new FleetwatchError("http", `Gave up after ${attempts} attempts: ${reason}`, {
            status,
            code,
            eventIds: ids,
            attempts,
          }),
        };
      }
    } else {
      reason = `${result.kind === "timeout" ? "timeout" : "network error"}: ${result.message}`;
      if (n >= cfg.maxRetries) {
        return {
          ok: false,
          error: new FleetwatchError(result.kind, `Gave up after ${attempts} attempts: ${reason}`, {
            eventIds: ids,
            attempts,
            cause: result.cause,
          }),
        };
      }
    }
    const delay =
      retryAfterMs !== null
        ? Math.min(retryAfterMs, cfg.retryMaxMs)
        : backoffDelay(n, cfg.retryBaseMs, cfg.retryMaxMs, cfg.random);
    cfg.onRetry?.(delay, reason);
    await cfg.sleep(delay);
  }
}
