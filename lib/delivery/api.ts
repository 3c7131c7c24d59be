// What the alert-destinations routes share: admin sessions only (a key needs the config scope, which apiRoute
// checks), the audit actor of the caller, and DestinationError as a 400.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKey } from "@/db/schema";
import { badRequest, forbidden, notFound } from "@/lib/api/errors";
import type { RouteContext } from "@/lib/api/route";
import { type AuditActor, keyActor, userActor } from "@/lib/audit/record";
import { isAdminRole } from "@/lib/auth/roles";
import { DestinationError } from "./queries";

export async function destinationsCaller(ctx: RouteContext<unknown, unknown>): Promise<AuditActor> {
  if (ctx.user) {
    if (!isAdminRole(ctx.user.role)) throw forbidden("Only an admin can manage alert destinations.");
    return userActor(ctx.user, ctx.request.headers);
  }
  const [key] = await (ctx.db as Db)
    .select({ id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix })
    .from(apiKey)
    .where(eq(apiKey.id, ctx.apiKeyId ?? ""));
  if (!key) throw forbidden("Unknown API key.");
  return keyActor(key, ctx.request.headers);
}

export const noSuchDestination = () => notFound("No such alert destination in this project.");

/** Runs a change; a DestinationError (refused URL, invalid settings) becomes a 400. */
export async function asBadRequest<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof DestinationError) throw badRequest(e.message);
    throw e;
  }
}

/** A route param that must be a uuid (anything else cannot be a destination). */
export function destinationId(params: Record<string, string>): string {
  const id = params.id ?? "";
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw noSuchDestination();
  return id;
}
