import type { Metadata } from "next";
import Link from "next/link";
import { StandupScheduleForm } from "@/components/settings/standup-schedule";
import { AddWebhookForm } from "@/components/settings/webhooks-add";
import { WebhookDeliveries } from "@/components/settings/webhooks-deliveries";
import { WebhooksTable } from "@/components/settings/webhooks-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/time";
import { getPrimaryReadDb } from "@/db/read";
import { isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { lastStandupRun, listDeliveries, listWebhooks } from "@/lib/standups/webhooks";

export const metadata: Metadata = { title: "Standups & webhooks" };

export default async function StandupSettingsPage() {
  const user = await requireUser();
  const db = await getPrimaryReadDb();
  const { current } = await getCurrentProject(db);
  const [webhooks, deliveries, lastRun] = await Promise.all([
    listWebhooks({ db, projectId: current.id }),
    listDeliveries({ db, projectId: current.id }),
    lastStandupRun({ db, projectId: current.id }),
  ]);
  const isAdmin = isAdminRole(user.role);
  return (
    <>
      <PageHeader title="Standups & webhooks" description={`Project ${current.name} (${current.slug})`} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Daily standup"
            description={
              <>
                Yesterday&apos;s{" "}
                <Link href="/standups" className="text-accent hover:underline">
                  fleet standup
                </Link>{" "}
                is posted as Markdown to every enabled webhook at this local time, once a day.
              </>
            }
          />
          <div className="px-5 py-4">
            <StandupScheduleForm
              standupTime={current.standupTime}
              timezone={current.timezone}
              canEdit={isAdmin}
            />
            {lastRun ? (
              <p className="mt-3 text-xs text-muted" data-testid="last-run">
                Last scheduled run: the standup of {lastRun.day},{" "}
                {lastRun.status === "sending" ? "sending since" : lastRun.status}{" "}
                <RelativeTime iso={lastRun.finishedAt ?? lastRun.claimedAt} />.
              </p>
            ) : null}
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Webhooks"
            description={
              'Slack-compatible: a JSON body with "text" (Markdown) and "fleetwatch" (the structured standup), signed with the webhook\'s secret. Failed posts are retried with backoff.'
            }
          />
          {isAdmin ? (
            <div className="border-b border-border px-5 py-4">
              <AddWebhookForm />
            </div>
          ) : null}
          <WebhooksTable webhooks={webhooks} canEdit={isAdmin} />
        </Card>
        <Card>
          <CardHeader
            title="Last deliveries"
            description="Scheduled standups and tests, newest first (last 20)."
          />
          <WebhookDeliveries deliveries={deliveries} />
        </Card>
      </div>
    </>
  );
}
