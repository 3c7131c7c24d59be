"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { asRole, ROLE_LABELS } from "@/lib/auth/roles";
import { revokeInviteAction } from "@/lib/members/actions";

export type InviteRow = {
  id: string;
  email: string;
  role: string;
  projects: string[] | null;
  expiresAt: string;
};

export function InvitesTable({ invites }: { invites: InviteRow[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  if (invites.length === 0)
    return <p className="px-5 py-6 text-center text-sm text-muted">No pending invites.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="invites-table">
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            <th className="px-5 py-2 font-medium">Email</th>
            <th className="px-5 py-2 font-medium">Role</th>
            <th className="px-5 py-2 font-medium">Projects</th>
            <th className="px-5 py-2 font-medium">Expires</th>
            <th className="px-5 py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {invites.map((invite) => (
            <tr key={invite.id} data-testid="invite-row">
              <td className="px-5 py-2.5 font-medium">{invite.email}</td>
              <td className="px-5 py-2.5 text-xs">{ROLE_LABELS[asRole(invite.role)]}</td>
              <td className="px-5 py-2.5 text-xs">{invite.projects ? invite.projects.join(", ") : "All"}</td>
              <td className="px-5 py-2.5 text-xs">
                <RelativeTime iso={invite.expiresAt} />
              </td>
              <td className="px-5 py-2.5 text-right">
                <Button
                  variant="danger"
                  size="sm"
                  disabled={pending}
                  data-testid="revoke-invite"
                  onClick={() => {
                    if (
                      !window.confirm(
                        `Revoke the invite for ${invite.email}? Its link stops working at once.`,
                      )
                    )
                      return;
                    startTransition(async () => {
                      const r = await revokeInviteAction(invite.id);
                      if (!r.ok) window.alert(r.error);
                      router.refresh();
                    });
                  }}
                >
                  Revoke
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
