import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listAssignees } from "@/lib/failures/assignees";
import { listIssues } from "@/lib/failures/queries";
import { getCurrentProject } from "@/lib/projects/current";
import { TriageQueue } from "./client";

export const metadata: Metadata = { title: "Triage queue" };

export default async function QueuePage() {
  const user = await requireUser();
  const db = await getPrimaryReadDb();
  const { current } = await getCurrentProject(db);
  const [regressed, fresh, users] = await Promise.all([
    listIssues({
      db,
      projectId: current.id,
      filters: { state: "regressed", range: "all", sort: "last_seen", limit: 200 },
    }),
    listIssues({
      db,
      projectId: current.id,
      filters: { state: "new", range: "all", sort: "events", limit: 200 },
    }),
    listAssignees({ db, projectId: current.id, me: user.id }),
  ]);
  return (
    <>
      <PageHeader
        title="Triage queue"
        description="Regressed issues first, then new ones with the most failures. One at a time."
      />
      <TriageQueue
        project={current.slug}
        issueIds={[...regressed, ...fresh].map((i) => i.id)}
        me={user.id}
        users={users.map((u) => ({ id: u.id, name: u.me ? `Me (${u.name})` : u.name }))}
        canTriage={can(user.role, "triage")}
      />
    </>
  );
}
