"use server";
// Server actions for API keys. Each checks the session (admin) and acts on the project in view.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { API_KEY_SCOPES } from "@/db/schema";
import { actionActor, recordAudit } from "@/lib/audit/record";
import { createApiKey, keyAuditEntry, revokeApiKey } from "@/lib/auth/api-keys";
import { authorizeAdmin } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";

const createKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Pick at least one scope"),
  signed: z.boolean().default(false),
});

export type CreateKeyResult =
  | { ok: true; key: string; signingSecret: string | null; projectSlug: string }
  | { ok: false; error: string };

export async function createKeyAction(input: z.input<typeof createKeyInput>): Promise<CreateKeyResult> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const parsed = createKeyInput.safeParse(input);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input" };
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const actor = await actionActor(auth.user);
  const { key, signingSecret } = await db.transaction(async (tx) => {
    const created = await createApiKey({
      db: tx,
      projectId: current.id,
      createdBy: auth.user.id,
      ...parsed.data,
    });
    await recordAudit(tx, actor, keyAuditEntry("key.create", created.record));
    return created;
  });
  revalidatePath("/settings");
  return { ok: true, key, signingSecret, projectSlug: current.slug };
}

export async function revokeKeyAction(id: string): Promise<{ ok: boolean; error?: string }> {
  const auth = await authorizeAdmin();
  if (!auth.ok) return auth;
  const db = await getDb();
  const { current } = await getCurrentProject(db);
  const actor = await actionActor(auth.user);
  const ok = await db.transaction(async (tx) => {
    const revoked = await revokeApiKey({ db: tx, projectId: current.id, id: z.uuid().parse(id) });
    if (revoked) await recordAudit(tx, actor, keyAuditEntry("key.revoke", revoked));
    return revoked !== null;
  });
  revalidatePath("/settings");
  return { ok };
}
