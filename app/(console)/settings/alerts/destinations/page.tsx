import type { Metadata } from "next";
import { DeliveryLog } from "@/components/delivery/delivery-log";
import { AddDestinationForm } from "@/components/delivery/destination-add";
import { DestinationsTable } from "@/components/delivery/destinations-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { deliveryLog, listDestinations } from "@/lib/delivery/queries";
import { getCurrentProject } from "@/lib/projects/current";

export const metadata: Metadata = { title: "Alert destinations" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function DestinationsPage({
  searchParams,
}: {
  searchParams: Promise<{ log?: string | string[] }>;
}) {
  const user = await requireUser();
  const db = await getPrimaryReadDb();
  const { current } = await getCurrentProject(db);
  const header = (
    <PageHeader title="Alert destinations" description={`Project ${current.name} (${current.slug})`} />
  );
  if (!isAdminRole(user.role))
    return (
      <>
        {header}
        <Card>
          <p className="px-5 py-8 text-center text-sm text-muted" data-testid="destinations-admin-only">
            Only an admin can see and manage where alerts are sent.
          </p>
        </Card>
      </>
    );
  const { log } = await searchParams;
  const destinations = await listDestinations({ db, projectId: current.id });
  const selected =
    destinations.find((d) => typeof log === "string" && UUID.test(log) && d.id === log) ?? null;
  const rows = selected ? await deliveryLog({ db, projectId: current.id, destinationId: selected.id }) : [];
  return (
    <>
      {header}
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Add a destination"
            description="Slack-compatible incoming webhooks, signed JSON webhooks, email and PagerDuty. Alert rules and escalation policies pick from these."
          />
          <div className="px-5 py-4">
            <AddDestinationForm />
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Destinations"
            description="Failed sends are retried with backoff (honouring Retry-After); a disabled destination's notifications are suppressed."
          />
          <DestinationsTable destinations={destinations} selected={selected?.id ?? null} />
        </Card>
        {selected ? (
          <Card data-testid="delivery-log-card">
            <CardHeader
              title={`Deliveries: ${selected.name}`}
              description="The last 50 notifications, newest first."
            />
            <DeliveryLog rows={rows} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
