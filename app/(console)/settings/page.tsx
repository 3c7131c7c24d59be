import type { Metadata } from "next";
import { CreateKeyForm } from "@/components/settings/create-key";
import { KeysTable } from "@/components/settings/keys-table";
import { ProjectRetentionForm } from "@/components/settings/project-retention";
import { ProjectThresholdsForm } from "@/components/settings/project-thresholds";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { listApiKeys } from "@/lib/auth/api-keys";
import { isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { supportedTimeZones } from "@/lib/time/zone";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const db = await getPrimaryReadDb();
  const { current } = await getCurrentProject(db);
  const keys = await listApiKeys({ db, projectId: current.id });
  const isAdmin = isAdminRole(user.role);
  return (
    <>
      <PageHeader title="Settings" description={`Project ${current.name} (${current.slug})`} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="API keys"
            description="Runners post events with an ingest key; scripts read the API with a read key. Keys belong to this project."
          />
          {isAdmin ? (
            <div className="border-b border-border px-5 py-4">
              <CreateKeyForm project={current.slug} />
            </div>
          ) : null}
          <KeysTable
            canRevoke={isAdmin}
            keys={keys.map((k) => ({
              id: k.id,
              name: k.name,
              prefix: k.prefix,
              scopes: k.scopes,
              signed: k.signed,
              createdAt: k.createdAt.toISOString(),
              lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
              revokedAt: k.revokedAt?.toISOString() ?? null,
            }))}
          />
        </Card>
        <Card>
          <CardHeader
            title="Fleet thresholds"
            description="The project's time zone, and when the Agents board calls a job stalled and an agent offline."
          />
          <div className="px-5 py-4">
            <ProjectThresholdsForm
              timezone={current.timezone}
              stallAfterSeconds={current.stallAfterSeconds}
              offlineAfterSeconds={current.offlineAfterSeconds}
              zones={supportedTimeZones()}
              canEdit={isAdmin}
            />
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Retention"
            description="How long this project keeps raw events and transcripts, and jobs, failure issues and cost rollups. Applied hourly by dropping whole days."
          />
          <div className="px-5 py-4">
            <ProjectRetentionForm
              rawRetentionDays={current.rawRetentionDays}
              jobRetentionDays={current.jobRetentionDays}
              removedBefore={current.rawEventsRemovedBefore?.toISOString() ?? null}
              canEdit={isAdmin}
            />
          </div>
        </Card>
      </div>
    </>
  );
}
