import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ProjectAccessForm } from "@/components/members/project-access-form";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { asRole, isAdminRole, ROLE_LABELS } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getProjectAccess } from "@/lib/projects/access-edit";
import { listProjects } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Project access" };

/** Admin only: which projects a member or viewer sees (all, or a checklist). */
export default async function ProjectAccessPage({ params }: { params: Promise<{ userId: string }> }) {
  const me = await requireUser();
  // Who has access to what is admin business: other roles get the same 404 as an unknown member.
  if (!isAdminRole(me.role)) notFound();
  const { userId } = await params;
  const db = await getPrimaryReadDb();
  const [access, projects] = await Promise.all([getProjectAccess(db, userId), listProjects({ db })]);
  if (!access) notFound();
  const role = asRole(access.user.role);
  return (
    <>
      <Link
        href="/settings/members"
        className="inline-flex items-center gap-1 text-xs text-muted hover:text-fg"
      >
        <ChevronLeft className="size-3.5" /> Members
      </Link>
      <PageHeader
        title={`Project access: ${access.user.name}`}
        description={`${access.user.email} · ${ROLE_LABELS[role]}`}
      />
      <Card className="max-w-2xl">
        <CardHeader
          title="Projects this account sees"
          description="Pages, the read API and the project menu show only these. Triage follows the role."
        />
        <div className="px-5 py-4">
          {isAdminRole(role) ? (
            <p className="text-sm text-muted" data-testid="access-admin">
              {ROLE_LABELS[role]}s always see every project. Change the role to limit it.
            </p>
          ) : (
            <ProjectAccessForm
              userId={access.user.id}
              allProjects={access.allProjects}
              selected={access.projects}
              projects={projects.map((p) => ({ id: p.id, slug: p.slug, name: p.name }))}
            />
          )}
        </div>
      </Card>
    </>
  );
}
