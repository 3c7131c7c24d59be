// Shared by the incidents and alert-rule routes: who acts (a session user with the triage role, or a key) as an
// audit actor, and the role check a session needs on top of apiRoute's scope check for keys.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKey } from "@/db/schema";
import { forbidden } from "@/lib/api/errors";
import type { RouteContext } from "@/lib/api/route";
import { type AuditActor, keyActor, userActor } from "@/lib/audit/record";
import { can } from "@/lib/auth/roles";

/** A session must have the triage role (members and up); keys were checked for their scope by apiRoute. */
export function requireTriageRole(ctx: Pick<RouteContext<unknown>, "user">): void {
  if (ctx.user && !can(ctx.user.role, "triage")) {
    throw forbidden("Your role can only read. Ask an admin for the member role to act on alerts.");
  }
}

export async function routeActor(
  db: Db,
  ctx: Pick<RouteContext<unknown>, "user" | "apiKeyId" | "request">,
): Promise<AuditActor> {
  if (ctx.user) return userActor(ctx.user, ctx.request.headers);
  const [key] = ctx.apiKeyId
    ? await db
        .select({ id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix })
        .from(apiKey)
        .where(eq(apiKey.id, ctx.apiKeyId))
    : [];
  return keyActor(key ?? { id: ctx.apiKeyId ?? "unknown", name: "unknown" }, ctx.request.headers);
}
