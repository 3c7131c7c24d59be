// Console URLs of incidents, and the signed, expiring links in notifications that acknowledge or resolve one
// without a session. A token is base64url(JSON claims) "." base64url(HMAC-SHA256), keyed by a key derived from
// the auth secret (the one better-auth uses: BETTER_AUTH_SECRET, else the generated instance setting).
// The link opens a confirm page; only its POST changes anything (link prefetchers and scanners only GET).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { env } from "@/lib/env";
import { getOrCreateSetting } from "@/lib/settings";

export const LINK_TTL_MS = 7 * 86_400_000;
export const LINK_ACTIONS = ["ack", "resolve"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

const claimsSchema = z
  .object({
    /** incident id */
    i: z.uuid(),
    a: z.enum(LINK_ACTIONS),
    /** expiry, epoch ms */
    e: z.number().int().positive(),
    /** the member the link was sent to (their name goes on the acknowledgement), when sent to a member */
    u: z.string().min(1).max(200).optional(),
    /** the destination the link was sent to */
    d: z.uuid().optional(),
  })
  .strict();
export type LinkClaims = z.infer<typeof claimsSchema>;

/** The console's public origin (FLEETWATCH_URL, else http://localhost:3000), without a trailing slash. */
export function consoleOrigin(): string {
  return (env.FLEETWATCH_URL ?? "http://localhost:3000").replace(/\/+$/, "");
}

export function incidentUrl(incidentId: string): string {
  return `${consoleOrigin()}/alerts/${incidentId}`;
}

/** The signing key: derived from the auth secret, so it changes when that secret does. */
export async function linkKey(db: DbOrTx): Promise<Buffer> {
  const secret =
    env.BETTER_AUTH_SECRET ??
    (await getOrCreateSetting(db, "auth_secret", () => randomBytes(32).toString("hex")));
  return createHmac("sha256", secret).update("fleetwatch:incident-link:v1").digest();
}

const mac = (key: Buffer, payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

export function signLink(key: Buffer, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify(claimsSchema.parse(claims))).toString("base64url");
  return `${payload}.${mac(key, payload)}`;
}

export type VerifiedLink = { ok: true; claims: LinkClaims } | { ok: false; error: string };

/** Checks the signature (constant time), the shape and the expiry. */
export function verifyLink(key: Buffer, token: unknown, now: Date): VerifiedLink {
  const bad = {
    ok: false as const,
    error: "This link is not valid. Open the incident in the console instead.",
  };
  if (typeof token !== "string" || token.length > 1024) return bad;
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return bad;
  const [payload, sig] = parts as [string, string];
  const expected = Buffer.from(mac(key, payload));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return bad;
  let claims: LinkClaims;
  try {
    claims = claimsSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    return bad;
  }
  if (now.getTime() >= claims.e) {
    return { ok: false, error: "This link has expired. Open the incident in the console instead." };
  }
  return { ok: true, claims };
}

/** The confirm page a signed link opens. */
export function actionUrl(token: string): string {
  return `${consoleOrigin()}/incident-link?token=${encodeURIComponent(token)}`;
}

/** Both links of a notification to one recipient. */
export function signedLinks(
  key: Buffer,
  incidentId: string,
  now: Date,
  to: { userId?: string | null; destinationId?: string | null },
): { ackUrl: string; resolveUrl: string } {
  const base = {
    i: incidentId,
    e: now.getTime() + LINK_TTL_MS,
    ...(to.userId ? { u: to.userId } : {}),
    ...(to.destinationId ? { d: to.destinationId } : {}),
  };
  return {
    ackUrl: actionUrl(signLink(key, { ...base, a: "ack" })),
    resolveUrl: actionUrl(signLink(key, { ...base, a: "resolve" })),
  };
}
