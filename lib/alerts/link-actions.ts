// What a signed link in a notification does once its confirm page is submitted: verify the token, then
// acknowledge or resolve as the member it was sent to (or "link sent to <destination>"), audited like any
// other acknowledgement. The GET of the link only reads (describeIncidentLink).
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { destination, incident, user } from "@/db/schema";
import type { AuditActor } from "@/lib/audit/record";
import { acknowledgeIncident, resolveIncident } from "./incidents";
import { type LinkClaims, linkKey, verifyLink } from "./links";

export type LinkView =
  | {
      ok: true;
      action: "ack" | "resolve";
      incident: { id: string; title: string; status: string; severity: string };
    }
  | { ok: false; error: string };

async function incidentOf(db: Db, claims: LinkClaims) {
  const [row] = await db
    .select({ id: incident.id, title: incident.title, status: incident.status, severity: incident.severity })
    .from(incident)
    .where(eq(incident.id, claims.i));
  return row ?? null;
}

/** For the confirm page: what the link would do, or why it will not. */
export async function describeIncidentLink(db: Db, token: unknown, now = new Date()): Promise<LinkView> {
  const v = verifyLink(await linkKey(db), token, now);
  if (!v.ok) return v;
  const inc = await incidentOf(db, v.claims);
  if (!inc) return { ok: false, error: "This incident no longer exists." };
  return { ok: true, action: v.claims.a, incident: inc };
}

async function actorOf(db: Db, claims: LinkClaims, inc: { id: string }): Promise<AuditActor> {
  if (claims.u) {
    const [u] = await db.select({ id: user.id, email: user.email }).from(user).where(eq(user.id, claims.u));
    if (u) return { type: "user", id: u.id, label: u.email, ip: null, userAgent: null };
  }
  if (claims.d) {
    const [d] = await db
      .select({ name: destination.name })
      .from(destination)
      .innerJoin(incident, eq(incident.projectId, destination.projectId))
      .where(and(eq(destination.id, claims.d), eq(incident.id, inc.id)));
    if (d)
      return {
        type: "system",
        id: "incident-link",
        label: `link sent to ${d.name}`,
        ip: null,
        userAgent: null,
      };
  }
  return { type: "system", id: "incident-link", label: "signed link", ip: null, userAgent: null };
}

export type LinkOutcome = { ok: true; message: string } | { ok: false; error: string };

/** Applies the link's action (POST from the confirm page). */
export async function applyIncidentLink(db: Db, token: unknown, now = new Date()): Promise<LinkOutcome> {
  const v = verifyLink(await linkKey(db), token, now);
  if (!v.ok) return v;
  const inc = await incidentOf(db, v.claims);
  if (!inc) return { ok: false, error: "This incident no longer exists." };
  const actor = await actorOf(db, v.claims, inc);
  const run = v.claims.a === "ack" ? acknowledgeIncident : resolveIncident;
  const r = await run(db, { incidentId: inc.id, actor, now });
  if (!r.ok) return { ok: false, error: r.error };
  const done = v.claims.a === "ack" ? "acknowledged" : "resolved";
  return { ok: true, message: r.changed ? `Incident ${done}.` : `The incident was already ${done}.` };
}
