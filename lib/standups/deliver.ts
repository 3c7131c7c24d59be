// Posts a standup to one outbound webhook: Slack-compatible JSON ({"text": markdown, "fleetwatch": ...}),
// signed like inbound requests (Fleetwatch-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>),
// retried with backoff on network errors, 5xx, 408 and 429 (the attempt and retry rules of lib/delivery/http,
// shared with alert destinations). Each delivery is one webhook_delivery row, updated
// after every attempt. Requests go through lib/net/outbound: a URL that resolves to a loopback, private or
// metadata address is refused before any connection (recorded as the delivery's error, not retried).
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { webhookDelivery } from "@/db/schema";
import {
  type FetchLike,
  postJson,
  type RetryPolicy,
  SCHEDULED_POLICY,
  sleepFor,
  withRetries,
} from "@/lib/delivery/http";
import { signBody } from "@/lib/ingest/signature";
import { outboundFetch } from "@/lib/net/outbound";
import type { FleetStandup } from "./schemas";

export type { FetchLike, RetryPolicy } from "@/lib/delivery/http";
export { SCHEDULED_POLICY, TEST_POLICY } from "@/lib/delivery/http";

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
  const result = await withRetries(
    () =>
      postJson(
        webhook.url,
        body,
        {
          "user-agent": "Fleetwatch-Webhook/1",
          "fleetwatch-event": kind === "test" ? "standup.test" : "standup",
          "fleetwatch-delivery": row.id,
          "fleetwatch-signature": signBody(webhook.secret, body),
        },
        { fetch: fetchImpl, timeoutMs: policy.timeoutMs },
      ),
    {
      policy,
      sleep,
      // each attempt's outcome is stored as it happens, so the Deliveries log shows a retry in progress
      onAttempt: async (attempt, r, last) => {
        await db
          .update(webhookDelivery)
          .set({
            status: r.ok ? "delivered" : last ? "failed" : "pending",
            attempts: attempt,
            responseStatus: r.responseStatus,
            error: r.error,
            ...(r.ok ? { deliveredAt: new Date() } : {}),
          })
          .where(eq(webhookDelivery.id, row.id));
      },
    },
  );
  return {
    id: row.id,
    status: result.ok ? "delivered" : "failed",
    attempts: result.attempts,
    responseStatus: result.responseStatus,
    error: result.error,
  };
}
