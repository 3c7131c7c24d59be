"use server";
import { getDb } from "@/db/client";
import { applyIncidentLink, type LinkOutcome } from "@/lib/alerts/link-actions";

/** The confirm page's button: applies the signed link's action (the link's GET only shows the page). */
export async function confirmIncidentLink(_prev: LinkOutcome | null, form: FormData): Promise<LinkOutcome> {
  return applyIncidentLink(await getDb(), form.get("token"));
}
