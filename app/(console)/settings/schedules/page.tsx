import { asc, eq } from "drizzle-orm";
import type { Metadata } from "next";
import Link from "next/link";
import { ScheduleForm } from "@/components/schedules/schedule-form";
import { SchedulesSettingsTable } from "@/components/schedules/schedules-settings-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { schedule } from "@/db/schema";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";

export const metadata: Metadata = { title: "Schedules" };

export default async function ScheduleSettingsPage() {
  const user = await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const rows = await db
    .select()
    .from(schedule)
    .where(eq(schedule.projectId, current.id))
    .orderBy(asc(schedule.name));
  const canEdit = can(user.role, "triage");
  return (
    <>
      <PageHeader
        title="Schedules"
        description={
          <>
            When runs are expected, for{" "}
            <Link href="/schedules" className="text-accent hover:underline">
              Schedules
            </Link>{" "}
            and the schedule_run alert rule. Runners that send a cron trigger need no setup here; a schedule
            named like a runner's overrides its cron, zone and grace, or switches it off.
          </>
        }
      />
      <div className="space-y-6">
        {canEdit ? (
          <Card>
            <CardHeader title="Declare a schedule" />
            <div className="px-5 py-4">
              <ScheduleForm defaultZone={current.timezone} />
            </div>
          </Card>
        ) : null}
        <Card>
          <CardHeader
            title="Declared in Settings"
            description={canEdit ? undefined : "Members and admins can change schedules."}
          />
          <SchedulesSettingsTable
            schedules={rows.map((r) => ({
              id: r.id,
              name: r.name,
              cron: r.cron,
              timezone: r.timezone,
              agentName: r.agentName,
              graceSeconds: r.graceSeconds,
              enabled: r.enabled,
            }))}
            canEdit={canEdit}
            defaultZone={current.timezone}
          />
        </Card>
      </div>
    </>
  );
}
