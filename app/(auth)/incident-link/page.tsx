import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { describeIncidentLink } from "@/lib/alerts/link-actions";
import { ConfirmIncidentLink } from "./client";

export const metadata: Metadata = { title: "Incident", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

/**
 * Where the signed ack/resolve links of notifications land: it only shows what the link would do (link
 * previews and mail scanners fetch links); the button POSTs (a server action) and does it.
 */
export default async function IncidentLinkPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  const t = typeof token === "string" ? token : "";
  const view = await describeIncidentLink(await getDb(), t);
  return (
    <Card className="space-y-4 p-6">
      {view.ok ? (
        <ConfirmIncidentLink token={t} action={view.action} incident={view.incident} />
      ) : (
        <p className="text-sm" role="alert" data-testid="incident-link-error">
          {view.error}
        </p>
      )}
    </Card>
  );
}
