// What each kind of destination needs, validated at the boundary (API, server actions) and again before every
// send (a row edited by hand must not reach a sender half-formed). Secrets (the webhook's signing secret, the
// PagerDuty routing key, the Slack webhook URL's token path) are stored in config and never shown again.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { DESTINATION_KINDS, type DestinationKind } from "@/db/schema";
import { env } from "@/lib/env";

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

/** https, or plain http when internal receivers are allowed (FLEETWATCH_WEBHOOK_ALLOW_PRIVATE). */
function targetUrl(allowPrivate: boolean) {
  return z
    .url({
      protocol: allowPrivate ? /^https?$/ : /^https$/,
      error: allowPrivate ? "Enter an http(s) URL" : "Enter an https URL",
    })
    .max(2000)
    .refine((u) => !/\s/.test(u), "Enter a URL without spaces");
}

export function configSchemas(allowPrivate = env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE) {
  const url = targetUrl(allowPrivate);
  return {
    slack: z.strictObject({ url }),
    webhook: z.strictObject({
      url,
      /** Absent on create: one is generated (and shown once). */
      secret: z.string().min(16, "A signing secret has at least 16 characters").max(200).optional(),
    }),
    email: z.strictObject({
      to: z
        .array(z.email("Enter valid email addresses").max(320))
        .min(1, "Add at least one address")
        .max(20, "At most 20 addresses"),
    }),
    pagerduty: z.strictObject({
      routingKey: z.string().regex(/^[A-Za-z0-9]{32}$/, "A PagerDuty routing key is 32 letters and digits"),
      url: url.optional(),
    }),
  } as const;
}

export type SlackConfig = { url: string };
export type WebhookConfig = { url: string; secret: string };
export type EmailConfig = { to: string[] };
export type PagerDutyConfig = { routingKey: string; url?: string };
export type DestinationConfig =
  | { kind: "slack"; config: SlackConfig }
  | { kind: "webhook"; config: WebhookConfig }
  | { kind: "email"; config: EmailConfig }
  | { kind: "pagerduty"; config: PagerDutyConfig };

const name = z.string().trim().min(1, "Give the destination a name").max(100);

export function destinationInputSchema(allowPrivate = env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE) {
  const c = configSchemas(allowPrivate);
  return z.discriminatedUnion("kind", [
    z.strictObject({ name, kind: z.literal("slack"), config: c.slack, enabled: z.boolean().optional() }),
    z.strictObject({ name, kind: z.literal("webhook"), config: c.webhook, enabled: z.boolean().optional() }),
    z.strictObject({ name, kind: z.literal("email"), config: c.email, enabled: z.boolean().optional() }),
    z.strictObject({
      name,
      kind: z.literal("pagerduty"),
      config: c.pagerduty,
      enabled: z.boolean().optional(),
    }),
  ]);
}
export type DestinationInput = z.infer<ReturnType<typeof destinationInputSchema>>;

/** A change: any of name, enabled, config (of the destination's own kind; checked against it on save). */
export const destinationPatchSchema = z
  .strictObject({
    name: name.optional(),
    enabled: z.boolean().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "Nothing to change");
export type DestinationPatch = z.infer<typeof destinationPatchSchema>;

export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/** A stored config, checked for its kind (throws a ZodError when the row does not fit). */
export function parseStoredConfig(kind: string, config: unknown, allowPrivate = true): DestinationConfig {
  const k = z.enum(DESTINATION_KINDS).parse(kind);
  const c = configSchemas(allowPrivate);
  if (k === "webhook") {
    const parsed = c.webhook.parse(config);
    if (!parsed.secret) throw new Error("webhook destination without a signing secret");
    return { kind: k, config: { url: parsed.url, secret: parsed.secret } };
  }
  if (k === "slack") return { kind: k, config: c.slack.parse(config) };
  if (k === "email") return { kind: k, config: c.email.parse(config) };
  return { kind: k, config: c.pagerduty.parse(config) };
}

/** What the API and the page show: secrets replaced by "set". */
export function publicConfig(kind: DestinationKind, config: unknown): Record<string, unknown> {
  const c = (config ?? {}) as Record<string, unknown>;
  switch (kind) {
    case "slack": {
      // the path of a Slack incoming-webhook URL is its token: show where it goes, not the token
      let origin = "";
      try {
        origin = new URL(String(c.url)).origin;
      } catch {}
      return { url: origin ? `${origin}/…` : "set" };
    }
    case "webhook":
      return { url: c.url, secret: c.secret ? "set" : null };
    case "email":
      return { to: c.to };
    case "pagerduty":
      return { routingKey: c.routingKey ? "set" : null, url: c.url ?? PAGERDUTY_EVENTS_URL };
  }
}

/** The URL a destination posts to (null for email). */
export function targetOf(d: DestinationConfig): string | null {
  if (d.kind === "email") return null;
  if (d.kind === "pagerduty") return d.config.url ?? PAGERDUTY_EVENTS_URL;
  return d.config.url;
}
