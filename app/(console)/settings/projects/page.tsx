import type { Metadata } from "next";
import { CreateProjectForm } from "@/components/settings/create-project";
import { ProjectsTable } from "@/components/settings/projects-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { accessibleProjects } from "@/lib/projects/access";
import { getCurrentProject } from "@/lib/projects/current";
import { listProjectRows } from "@/lib/projects/list";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requireUser();
  const db = await getPrimaryReadDb();
  const { current } = await getCurrentProject(db);
  const isAdmin = isAdminRole(user.role);
  // a member limited to some projects sees only those (lib/projects/access.ts)
  const visible = new Set((await accessibleProjects(db, user)).map((p) => p.id));
  const rows = (await listProjectRows({ db })).filter((p) => visible.has(p.id));
  return (
    <>
      <PageHeader
        title="Projects"
        description="One project per fleet or environment (prod, staging). Switch with the menu at the top."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title={isAdmin ? "All projects" : "Your projects"}
            description={
              isAdmin
                ? "Renaming changes the name shown in the console; the slug stays, since URLs, API keys and runners' --project use it."
                : "Only an admin can create, rename or delete projects."
            }
          />
          <ProjectsTable
            canEdit={isAdmin}
            current={current.slug}
            rows={rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))}
          />
        </Card>
        {isAdmin ? (
          <Card>
            <CardHeader
              title="New project"
              description="Creating a project keeps the console where it is; switch to the new one when you are ready."
            />
            <div className="px-5 py-4">
              <CreateProjectForm existing={rows.map((r) => r.slug)} />
            </div>
          </Card>
        ) : null}
      </div>
    </>
  );
}
