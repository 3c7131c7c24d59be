// Invite and reset link tokens: 32 random bytes (base64url) shown once; only their SHA-256 is stored, so a read of
// the database (a backup, a replica) does not hand out working links.
import { createHash, randomBytes } from "node:crypto";
import type { MemberLinkKind } from "@/db/schema";

/** An invite waits a week for its invitee. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A reset link opens an existing account, so it lives a day: long enough to reach a mailbox, short if leaked. */
export const RESET_TTL_MS = 24 * 60 * 60 * 1000;

export const TTL_MS: Record<MemberLinkKind, number> = { invite: INVITE_TTL_MS, reset: RESET_TTL_MS };

export function newLinkToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashLinkToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** 32 bytes in base64url are 43 characters of [A-Za-z0-9_-]; anything else cannot be one of ours. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function linkUrl(baseUrl: string, kind: MemberLinkKind, token: string): string {
  const path = kind === "invite" ? "invite" : "reset";
  return `${baseUrl.replace(/\/+$/, "")}/${path}/${token}`;
}
