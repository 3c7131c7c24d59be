// What the alert-destinations routes share: admin sessions only (a key needs the config scope, which apiRoute
// checks), the audit actor of the caller, and DestinationError as a 400.

import type { AuditActor } from "@/lib/audit/record";
import { isAdminRole } from "@/lib/auth/roles";
import { badRequest, forbidden, notFound } from "@/lib/http/errors";
import type { RouteContext } from "@/lib/http/route";
import { DestinationError } from "./queries";

/** The caller as an audit actor (apiRoute resolved it); an admin session or a config key got this far. */
export async function destinationsCaller(ctx: RouteContext<unknown, unknown>): Promise<AuditActor> {
  if (ctx.user && !isAdminRole(ctx.user.role))
    throw forbidden("Only an admin can manage alert destinations.");
  return ctx.actor;
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
