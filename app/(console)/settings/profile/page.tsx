import type { Metadata } from "next";
import { NameForm } from "@/components/profile/name-form";
import { PasswordForm } from "@/components/profile/password-form";
import { SessionsTable } from "@/components/profile/sessions-table";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { asRole, ROLE_LABELS } from "@/lib/auth/roles";
import { getCurrentSession, requireUser } from "@/lib/auth/session";
import { describeDevice } from "@/lib/profile/device";
import { listOwnSessions } from "@/lib/profile/profile";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const current = await getCurrentSession();
  const me = current?.user ?? (await requireUser());
  const sessions = await listOwnSessions({ db: await getDb(), userId: me.id });
  return (
    <>
      <PageHeader title="Profile" description={`${me.email} · ${ROLE_LABELS[asRole(me.role)]}`} />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Your name"
            description="Shown to your team on triage, notes and the audit log."
          />
          <div className="px-5 py-4">
            <NameForm name={me.name} />
          </div>
        </Card>
        <Card>
          <CardHeader title="Password" description="Changing it signs out your other sessions." />
          <div className="px-5 py-4">
            <PasswordForm />
          </div>
        </Card>
        <Card>
          <CardHeader title="Sessions" description="Browsers signed in to your account." />
          <SessionsTable
            sessions={sessions.map((s) => ({
              id: s.id,
              device: describeDevice(s.userAgent),
              ipAddress: s.ipAddress,
              createdAt: s.createdAt.toISOString(),
              lastActiveAt: s.updatedAt.toISOString(),
              current: s.id === current?.sessionId,
            }))}
          />
        </Card>
      </div>
    </>
  );
}
