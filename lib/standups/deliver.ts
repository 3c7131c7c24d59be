// Posts a standup to one outbound webhook: Slack-compatible JSON ({"text": markdown, "fleetwatch": ...}),
// signed like inbound requests (Fleetwatch-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>),
// retried with backoff on network errors, 5xx and 429. Each delivery is one webhook_delivery row, updated
// after every attempt. Requests go through lib/net/outbound: a URL that resolves to a loopback, private or
// metadata address is refused before any connection (recorded as the delivery's error, not retried).
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDelivery } from "@/db/schema";
import { signBody } from "@/lib/ingest/signature";
import { OutboundRefusedError, outboundFetch } from "@/lib/net/outbound";
import type { FleetStandup } from "./schemas";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type RetryPolicy = {
  /** Waits between attempts: the number of attempts is one more than this. */
  delaysMs: number[];
  /** Per attempt. */
  timeoutMs: number;
  /** Longest Retry-After honoured. */
  maxRetryAfterMs: number;
};

export const SCHEDULED_POLICY: RetryPolicy = {
  delaysMs: [2_000, 10_000, 30_000],
  timeoutMs: 10_000,
  maxRetryAfterMs: 60_000,
};
/** A test send from the settings page: someone is waiting for the answer. */
export const TEST_POLICY: RetryPolicy = {
  delaysMs: [1_000, 3_000],
  timeoutMs: 5_000,
  maxRetryAfterMs: 5_000,
};

export type DeliveryKind = "standup" | "test";

export type StandupPayload = {
  text: string;
  fleetwatch: {
    type: "standup";
    test: boolean;
    project: { slug: string; name: string };
    day: string;
    standup: FleetStandup;
  };
};

export function standupPayload(standup: FleetStandup, markdown: string, test: boolean): StandupPayload {
  return {
    text: markdown,
    fleetwatch: {
      type: "standup",
      test,
      project: { slug: standup.project.slug, name: standup.project.name },
      day: standup.day,
      standup,
    },
  };
}

export type DeliveryResult = {
  id: string;
  status: "delivered" | "failed";
  attempts: number;
  responseStatus: number | null;
  error: string | null;
};

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export async function deliver({
  db,
  projectId,
  webhook,
  kind,
  day,
  payload,
  policy = SCHEDULED_POLICY,
  fetch: fetchImpl = outboundFetch,
  sleep = sleepFor,
}: {
  db: DbOrTx;
  projectId: string;
  webhook: { id: string; url: string; secret: string };
  kind: DeliveryKind;
  day: string;
  payload: StandupPayload;
  policy?: RetryPolicy;
  fetch?: FetchLike;
  sleep?: (ms: number) => Promise<void>;
}): Promise<DeliveryResult> {
  const [row] = await db
    .insert(webhookDelivery)
    .values({ projectId, webhookId: webhook.id, kind, day, status: "pending", attempts: 0 })
    .returning({ id: webhookDelivery.id });
  if (!row) throw new Error("webhook delivery could not be recorded");
  const body = JSON.stringify(payload);
  for (let attempt = 1; ; attempt++) {
    let responseStatus: number | null = null;
    let error: string | null = null;
    let retryable = true;
    let wait: number | null = null;
    try {
      const res = await fetchImpl(webhook.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Fleetwatch-Webhook/1",
          "fleetwatch-event": kind === "test" ? "standup.test" : "standup",
          "fleetwatch-delivery": row.id,
          "fleetwatch-signature": signBody(webhook.secret, body),
        },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      responseStatus = res.status;
      const text = await res.text().catch(() => "");
      if (res.ok) {
        await db
          .update(webhookDelivery)
          .set({
            status: "delivered",
            attempts: attempt,
            responseStatus,
            error: null,
            deliveredAt: new Date(),
          })
          .where(eq(webhookDelivery.id, row.id));
        return { id: row.id, status: "delivered", attempts: attempt, responseStatus, error: null };
      }
      error = `HTTP ${res.status}${text ? `: ${text.replace(/\s+/g, " ").slice(0, 200)}` : ""}`;
      retryable = res.status >= 500 || res.status === 429;
      wait = retryAfterMs(res.headers.get("retry-after"), Date.now());
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      error = `${(e as Error).name === "TimeoutError" ? "timed out" : (e as Error).message}${cause ? ` (${cause})` : ""}`;
      if (e instanceof OutboundRefusedError) {
        error = `refused: ${e.message}`;
        retryable = false;
      }
    }
    const last = !retryable || attempt > policy.delaysMs.length;
    await db
      .update(webhookDelivery)
      .set({ status: last ? "failed" : "pending", attempts: attempt, responseStatus, error })
      .where(eq(webhookDelivery.id, row.id));
    if (last) return { id: row.id, status: "failed", attempts: attempt, responseStatus, error };
    await sleep(Math.min(wait ?? policy.delaysMs[attempt - 1] ?? 0, policy.maxRetryAfterMs));
  }
}
