// Each destination kind against a real peer on localhost, through the outbox worker: a generic webhook whose
// receiver verifies Fleetwatch-Signature, a Slack-compatible receiver (blocks + text, control characters
// escaped), a PagerDuty-shaped receiver (routing key, event_action, one dedup_key from trigger to resolve) and
// the SMTP sink (destination emails and a member's email). Loopback targets need FLEETWATCH_WEBHOOK_ALLOW_PRIVATE.
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { notification } from "@/db/schema";
import { destinationInputSchema } from "@/lib/delivery/config";
import type { WebhookPayload } from "@/lib/delivery/render";
import type { SlackPayload } from "@/lib/delivery/render-slack";
import { runDeliveryOnce } from "@/lib/delivery/worker";
import { createTestProject, openTestDb } from "../helpers/db";
import { addDestination, enqueue, message } from "../helpers/delivery";
import { loopbackReceiver } from "../helpers/receiver";
import { startSmtpSink } from "../helpers/smtp";
import { createUser } from "../helpers/users";

vi.hoisted(() => {
  process.env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE = "1";
});

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDb();
});
afterAll(async () => {
  await handle.close();
});

async function project() {
  return (await createTestProject(handle)).id;
}
const run = (projectId: string, extra = {}) =>
  runDeliveryOnce(handle.db, new Date(), { projectIds: [projectId], instanceId: "w1", ...extra });

describe("config schemas", () => {
  it("accepts https only unless private targets are allowed, and checks each kind's fields", () => {
    const strict = destinationInputSchema(false);
    const loose = destinationInputSchema(true);
    const slackHttp = { name: "s", kind: "slack", config: { url: "http://hooks.example.com/x" } };
    expect(strict.safeParse(slackHttp).success).toBe(false);
    expect(loose.safeParse(slackHttp).success).toBe(true);
    expect(strict.safeParse({ ...slackHttp, config: { url: "https://hooks.example.com/x" } }).success).toBe(
      true,
    );
    // 31 characters: one short of a routing key
    const pd = (routingKey: string) => ({ name: "p", kind: "pagerduty", config: { routingKey } });
    expect(strict.safeParse(pd("a".repeat(31))).success).toBe(false);
    expect(strict.safeParse(pd("a".repeat(32))).success).toBe(true);
    const mail = (to: string[]) => ({ name: "m", kind: "email", config: { to } });
    expect(strict.safeParse(mail([])).success).toBe(false);
    expect(strict.safeParse(mail(Array.from({ length: 21 }, (_, i) => `u${i}@x.io`))).success).toBe(false);
    expect(strict.safeParse(mail(["ops@x.io"])).success).toBe(true);
    expect(strict.safeParse(mail(["ops@x.io\r\nBcc: e@vil.io"])).success).toBe(false);
    // unknown keys are refused rather than stored
    expect(strict.safeParse({ ...slackHttp, config: { url: "https://a.io/x", extra: 1 } }).success).toBe(
      false,
    );
  });
});

describe("generic webhook", () => {
  it("posts the documented payload, signed so the receiver can verify it", async () => {
    const recv = await loopbackReceiver(() => ({ status: 200 }));
    try {
      const projectId = await project();
      const { destination, secret } = await addDestination(handle.db, projectId, {
        name: "hook",
        kind: "webhook",
        config: { url: `http://127.0.0.1:${recv.port}/in` },
      });
      expect(secret).toMatch(/^whsec_/);
      const msg = message();
      await enqueue(handle.db, projectId, { destinationId: destination.id }, msg);
      const [outcome] = await run(projectId);
      expect(outcome?.status).toBe("sent");
      expect(recv.got).toHaveLength(1);
      const got = recv.got[0];
      const sig = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(got?.headers["fleetwatch-signature"]));
      expect(sig).not.toBeNull();
      const expected = createHmac("sha256", secret as string)
        .update(`${sig?.[1]}.${got?.body}`)
        .digest("hex");
      expect(sig?.[2]).toBe(expected);
      expect(got?.headers["fleetwatch-event"]).toBe("alert.trigger");
      expect(got?.headers["fleetwatch-delivery"]).toBe(outcome?.id);
      const body = JSON.parse(got?.body ?? "{}") as WebhookPayload;
      expect(body).toEqual({
        type: "alert",
        version: 1,
        event: "trigger",
        notificationId: outcome?.id,
        message: msg,
      });
      const [row] = await handle.db
        .select()
        .from(notification)
        .where(eq(notification.id, outcome?.id ?? ""));
      expect([row?.status, row?.attempts, row?.responseStatus]).toEqual(["sent", 1, 200]);
      expect(row?.sentAt).not.toBeNull();
    } finally {
      await recv.close();
    }
  });
});

describe("Slack-compatible webhook", () => {
  it("sends Block Kit blocks and a mrkdwn fallback with user text escaped", async () => {
    const recv = await loopbackReceiver(() => ({ status: 200 }));
    try {
      const projectId = await project();
      const { destination } = await addDestination(handle.db, projectId, {
        name: "#ops",
        kind: "slack",
        config: { url: `http://127.0.0.1:${recv.port}/services/T0/B0/tok` },
      });
      // a hostile title: a channel mention and a disguised link must come out as text
      const msg = message({ title: "<!channel> db & <http://evil.io|click>", text: "a > b" });
      await enqueue(handle.db, projectId, { destinationId: destination.id }, msg);
      expect((await run(projectId))[0]?.status).toBe("sent");
      const body = JSON.parse(recv.got[0]?.body ?? "{}") as SlackPayload;
      // escaped: & first, then < and >, so "&" in the title becomes "&amp;" and "<!channel>" "&lt;!channel&gt;"
      expect(body.text).toContain("*[CRITICAL] &lt;!channel&gt; db &amp; &lt;http://evil.io|click&gt;*");
      expect(body.text).toContain("a &gt; b");
      expect(body.text).not.toContain("<!channel>");
      // links back: the console, ack and resolve (& in the URL escaped too)
      expect(body.text).toContain("<https://fleet.example.com/alerts/incidents/1|Open in Fleetwatch>");
      expect(body.text).toContain("<https://fleet.example.com/a/ack?t=abc&amp;x=1|Acknowledge>");
      expect(body.text).toContain("<https://fleet.example.com/a/resolve?t=abc|Resolve>");
      const types = body.blocks.map((b) => b.type);
      expect(types).toEqual(["header", "context", "section", "section", "actions"]);
      // the header is plain_text: shown as typed, no escaping needed
      expect(body.blocks[0]).toMatchObject({ text: { type: "plain_text", text: msg.title } });
      expect(body.blocks[2]).toMatchObject({ text: { type: "mrkdwn", text: "a &gt; b" } });
      const actions = body.blocks[4] as { elements: { url: string; text: { text: string } }[] };
      expect(actions.elements.map((e) => [e.text.text, e.url])).toEqual([
        ["Open in Fleetwatch", msg.url],
        ["Acknowledge", msg.ackUrl],
        ["Resolve", msg.resolveUrl],
      ]);
    } finally {
      await recv.close();
    }
  });
});

describe("PagerDuty Events API v2", () => {
  it("sends trigger, acknowledge and resolve with the routing key and one dedup_key", async () => {
    const routingKey = "R0UT1NGKEY0123456789abcdefABCDEF"; // 32 characters
    type PdEvent = {
      routing_key: string;
      event_action: string;
      dedup_key: string;
      payload?: Record<string, unknown>;
    };
    // PagerDuty-shaped: 202 for a well-formed event with the right key, 400 otherwise
    const recv = await loopbackReceiver((req) => {
      const e = JSON.parse(req.body) as PdEvent;
      const ok =
        e.routing_key === routingKey && ["trigger", "acknowledge", "resolve"].includes(e.event_action);
      return { status: ok ? 202 : 400 };
    });
    try {
      const projectId = await project();
      const { destination } = await addDestination(handle.db, projectId, {
        name: "pd",
        kind: "pagerduty",
        config: { routingKey, url: `http://127.0.0.1:${recv.port}/v2/enqueue` },
      });
      const base = message({ severity: "warning" });
      for (const event of ["trigger", "acknowledge", "resolve"] as const) {
        await enqueue(handle.db, projectId, { destinationId: destination.id }, { ...base, event });
        expect((await run(projectId))[0]).toMatchObject({ status: "sent", responseStatus: 202 });
      }
      const events = recv.got.map((g) => JSON.parse(g.body) as PdEvent);
      expect(events.map((e) => e.event_action)).toEqual(["trigger", "acknowledge", "resolve"]);
      expect(new Set(events.map((e) => e.dedup_key))).toEqual(new Set([base.dedupKey]));
      expect(events[0]?.payload).toMatchObject({
        summary: base.title,
        severity: "warning",
        source: "fleetwatch/prod",
        timestamp: base.occurredAt,
      });
      expect(events[1]?.payload).toBeUndefined();
    } finally {
      await recv.close();
    }
  });
});

describe("email", () => {
  it("mails a destination's addresses and a member, subject [SEVERITY] title, HTML escaped", async () => {
    const sink = await startSmtpSink();
    try {
      const projectId = await project();
      const mail = { smtpUrl: sink.url, from: "Fleetwatch <alerts@fleet.test>" };
      const { destination } = await addDestination(handle.db, projectId, {
        name: "oncall",
        kind: "email",
        config: { to: ["oncall@fleet.test", "lead@fleet.test"] },
      });
      const member = await createUser(handle.db, "member");
      const msg = message({ title: "Spend <b>over</b> budget", severity: "error" });
      await enqueue(handle.db, projectId, { destinationId: destination.id }, msg);
      await enqueue(handle.db, projectId, { userId: member.id }, msg);
      const outcomes = await run(projectId, { mail });
      expect(outcomes.map((o) => o.status)).toEqual(["sent", "sent"]);
      const mails = await sink.waitFor(2);
      const recipients = mails.map((m) => m.to.sort().join(",")).sort();
      expect(recipients).toEqual(["lead@fleet.test,oncall@fleet.test", member.email].sort());
      for (const m of mails) {
        expect(m.subject).toBe("[ERROR] Spend <b>over</b> budget");
        expect(m.text).toContain("https://fleet.example.com/a/ack?t=abc&x=1");
        expect(m.html).toContain("Spend &lt;b&gt;over&lt;/b&gt; budget");
        expect(m.html).not.toContain("<b>over</b>");
      }
    } finally {
      await sink.close();
    }
  });
});
