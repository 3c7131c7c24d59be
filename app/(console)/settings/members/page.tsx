import type { Metadata } from "next";
import { InviteForm } from "@/components/members/invite-form";
import { InvitesTable } from "@/components/members/invites-table";
import { MembersTable } from "@/components/members/members-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { asRole, isAdminRole, type Role } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { mailConfigFromEnv } from "@/lib/mail/mailer";
import { listMembers, listPendingInvites } from "@/lib/members/queries";
import { listProjects } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "Members" };

// Everyone sees who is on the team (names, roles, status: who to ask); only admins see pending invites and act.
export default async function MembersPage() {
  const me = await requireUser();
  const db = await getPrimaryReadDb();
  const myRole = asRole(me.role);
  const isAdmin = isAdminRole(myRole);
  const [members, invites, projects] = await Promise.all([
    listMembers({ db }),
    isAdmin ? listPendingInvites({ db }) : Promise.resolve([]),
    isAdmin ? listProjects({ db }) : Promise.resolve([]),
  ]);
  const inviteRoles: Role[] =
    myRole === "owner" ? ["member", "viewer", "admin", "owner"] : ["member", "viewer", "admin"];
  const mailOn = mailConfigFromEnv() !== null;
  return (
    <>
      <PageHeader
        title="Members"
        description={
          isAdmin
            ? "Invite people, set their role, and end their access."
            : "The people of this console. Ask an admin to invite someone or change a role."
        }
      />
      <div className="space-y-6">
        {isAdmin ? (
          <Card>
            <CardHeader
              title="Invite someone"
              description={
                mailOn
                  ? "They get an email with a link (valid 7 days, once); the link is also shown here to copy."
                  : "Mail is not configured (FLEETWATCH_SMTP_URL): copy the link shown after inviting and send it yourself. It is valid 7 days, once."
              }
            />
            <div className="px-5 py-4">
              <InviteForm roles={inviteRoles} projects={projects.map((p) => ({ id: p.id, name: p.name }))} />
            </div>
          </Card>
        ) : null}
        <Card>
          <CardHeader
            title="Members"
            description={`${members.length} account${members.length === 1 ? "" : "s"}`}
          />
          <MembersTable
            me={me.id}
            myRole={myRole}
            canManage={isAdmin}
            members={members.map((m) => ({
              id: m.id,
              name: m.name,
              email: m.email,
              role: m.role,
              allProjects: m.allProjects,
              lastSeenAt: m.lastSeenAt?.toISOString() ?? null,
              status: m.status,
              signIn: m.signIn,
            }))}
          />
        </Card>
        {isAdmin ? (
          <Card>
            <CardHeader
              title="Pending invites"
              description="Not yet accepted and not expired. Revoke one to stop its link."
            />
            <InvitesTable
              invites={invites.map((i) => ({
                id: i.id,
                email: i.email,
                role: i.role,
                projects: i.projects,
                expiresAt: i.expiresAt.toISOString(),
              }))}
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}
