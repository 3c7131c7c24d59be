import type { Metadata } from "next";
import Link from "next/link";
import { OutcomeLegend } from "@/components/schedules/outcome";
import { SchedulesList } from "@/components/schedules/schedules-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getReadDb } from "@/db/read";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { listSchedules } from "@/lib/schedules/queries";
import { scheduleToApi } from "@/lib/schedules/schemas";

export const metadata: Metadata = { title: "Schedules" };
export const dynamic = "force-dynamic";

export default async function SchedulesPage() {
  await requireUser();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const schedules = (await listSchedules({ db, projectId: current.id, now: new Date(), count: 30 })).map(
    scheduleToApi,
  );
  return (
    <>
      <PageHeader
        title="Schedules"
        description="Cron monitors for agents: every expected run, whether it started on time, late, failed or not at all."
        actions={
          <Link href="/settings/schedules" className="text-sm text-accent hover:underline">
            Declare a schedule
          </Link>
        }
      />
      {schedules.length === 0 ? (
        <Card className="px-5 py-8 text-center text-sm text-muted" data-testid="schedules-empty">
          No schedule yet. A runner declares one with{" "}
          <code className="font-mono text-xs">{'trigger: {kind: "cron", name, schedule, tz}'}</code> on
          job.started, or{" "}
          <Link href="/settings/schedules" className="text-accent hover:underline">
            declare one in Settings
          </Link>
          .
        </Card>
      ) : (
        <>
          <div className="mb-3">
            <OutcomeLegend />
          </div>
          <SchedulesList schedules={schedules} />
        </>
      )}
    </>
  );
}
