import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OutcomeStrip } from "@/components/schedules/outcome-strip";
import { SlotsTable } from "@/components/schedules/slots-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/time";
import { getReadDb } from "@/db/read";
import { lookupKeyFromSegment } from "@/lib/agents/format";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { listSchedules } from "@/lib/schedules/queries";
import { scheduleToApi } from "@/lib/schedules/schemas";

export const metadata: Metadata = { title: "Schedule" };
export const dynamic = "force-dynamic";

/** The latest slots a schedule's page shows. */
const DETAIL_SLOTS = 100;

export default async function SchedulePage({ params }: { params: Promise<{ name: string }> }) {
  await requireUser();
  // names may hold spaces, slashes and % (a cron expression is a name), sent percent-encoded
  const name = lookupKeyFromSegment((await params).name);
  if (name === null) notFound();
  const db = await getReadDb();
  const { current } = await getCurrentProject(db);
  const [found] = await listSchedules({
    db,
    projectId: current.id,
    now: new Date(),
    count: DETAIL_SLOTS,
    key: name,
  });
  if (!found) notFound();
  const s = scheduleToApi(found);
  const rate = s.on_time_rate === null ? "—" : `${Math.round(s.on_time_rate * 100)}%`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/schedules" className="text-accent hover:underline">
          ← Schedules
        </Link>
      </p>
      <PageHeader title={s.name} description={s.description} />
      <div className="space-y-6">
        <Card>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3 px-5 py-4 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-xs text-muted">Cron</dt>
              <dd className="font-mono">{s.cron}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Next run</dt>
              <dd>
                <RelativeTime iso={s.next_at} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">On time (last {s.slots.length})</dt>
              <dd data-testid="detail-rate">{rate}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Declared</dt>
              <dd>
                {s.source === "runner" ? "by runners" : "in Settings"}
                {s.enabled ? "" : " · disabled"}
                {s.agent ? ` · ${s.agent}` : ""}
              </dd>
            </div>
          </dl>
          <div className="border-t border-border px-5 py-3">
            <OutcomeStrip slots={s.slots} timeZone={s.timezone} />
          </div>
        </Card>
        <Card>
          <CardHeader
            title="Expected runs"
            description="Each slot's job is the first one that started (or was queued) from the slot until the next slot. On time: within the grace; missed: no job once the grace is over."
          />
          <SlotsTable schedule={s} />
        </Card>
      </div>
    </>
  );
}
