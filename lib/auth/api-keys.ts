// API keys: project-scoped secrets for runners (ingest) and scripts (read). Stored hashed, shown once.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type ApiKeyScope, apiKey, project } from "@/db/schema";
import type { AuditEntry } from "@/lib/audit/record";

const KEY_PREFIX = "fw_";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (const b of bytes) {
    if (b < 248) out += BASE62[b % 62]; // 248 = 4 * 62: no modulo bias
    if (out.length === length) break;
  }
  return out.length === length ? out : out + randomBase62(length - out.length);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export type ApiKeyRecord = typeof apiKey.$inferSelect;
export type PublicApiKey = Omit<ApiKeyRecord, "hash" | "signingSecret"> & { signed: boolean };

export function toPublicApiKey({ hash: _hash, signingSecret, ...rest }: ApiKeyRecord): PublicApiKey {
  return { ...rest, signed: signingSecret !== null };
}

export async function createApiKey({
  db,
  projectId,
  name,
  scopes,
  signed = false,
  createdBy = null,
}: {
  db: DbOrTx;
  projectId: string;
  name: string;
  scopes: ApiKeyScope[];
  signed?: boolean;
  createdBy?: string | null;
}): Promise<{ key: string; signingSecret: string | null; record: PublicApiKey }> {
  if (scopes.length === 0) throw new Error("An API key needs at least one scope (ingest, read).");
  const key = KEY_PREFIX + randomBase62(32);
  const signingSecret = signed ? `fws_${randomBase62(40)}` : null;
  const [row] = await db
    .insert(apiKey)
    .values({
      projectId,
      name,
      prefix: key.slice(0, 10),
      hash: hashApiKey(key),
      scopes: [...new Set(scopes)].sort(),
      signingSecret,
      createdBy,
    })
    .returning();
  if (!row) throw new Error("API key was not stored");
  return { key, signingSecret, record: toPublicApiKey(row) };
}

export type FoundApiKey = ApiKeyRecord & { project: { slug: string; deletedAt: Date | null } };

/**
 * The key with its project's slug and deletion, in one query. API requests reach it through the per-instance
 * cache (lib/auth/key-cache.ts); scripts and tests call it directly.
 */
export async function findApiKey({ db, key }: { db: DbOrTx; key: string }): Promise<FoundApiKey | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  return findApiKeyByHash({ db, hash: hashApiKey(key) });
}

export async function findApiKeyByHash({
  db,
  hash,
}: {
  db: DbOrTx;
  hash: string;
}): Promise<FoundApiKey | null> {
  const [row] = await db
    .select({ key: apiKey, project: { slug: project.slug, deletedAt: project.deletedAt } })
    .from(apiKey)
    .innerJoin(project, eq(project.id, apiKey.projectId))
    .where(eq(apiKey.hash, hash));
  return row ? { ...row.key, project: row.project } : null;
}

/** Whether `key` can be an API key at all (the prefix every key has); anything else is refused unread. */
export const looksLikeApiKey = (key: string) => key.startsWith(KEY_PREFIX);

export async function listApiKeys({ db, projectId }: { db: DbOrTx; projectId: string }) {
  const rows = await db
    .select()
    .from(apiKey)
    .where(eq(apiKey.projectId, projectId))
    .orderBy(desc(apiKey.createdAt));
  return rows.map(toPublicApiKey);
}

/** Revokes a live key of the project; the key as it is now, or null when there was none to revoke. */
export async function revokeApiKey({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  const [row] = await db
    .update(apiKey)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKey.id, id), eq(apiKey.projectId, projectId), isNull(apiKey.revokedAt)))
    .returning();
  return row ? toPublicApiKey(row) : null;
}

/**
 * The audit entry of a key's creation or revocation: what identifies the key and what it may do, never its
 * hash or signing secret (only whether it has one).
 */
export function keyAuditEntry(action: "key.create" | "key.revoke", key: PublicApiKey): AuditEntry {
  const fields = {
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    rateLimitPerMinute: key.rateLimitPerMinute,
    signed: key.signed,
  };
  return {
    action,
    objectType: "api_key",
    objectId: key.id,
    objectLabel: `${key.name} (${key.prefix}…)`,
    projectId: key.projectId,
    before: action === "key.create" ? null : { ...fields, revoked: false },
    after: action === "key.create" ? fields : { ...fields, revoked: true },
  };
}
