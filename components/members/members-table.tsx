"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Fragment, useState, useTransition } from "react";
import { RelativeTime } from "@/components/ui/time";
import { asRole, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { cn } from "@/lib/cn";
import { changeRoleAction, type LinkResult as Result } from "@/lib/members/actions";
import { LinkResult } from "./link-result";
import { MemberActions } from "./member-actions";

export type MemberView = {
  id: string;
  name: string;
  email: string;
  role: string;
  allProjects: boolean;
  lastSeenAt: string | null;
  status: "active" | "deactivated";
  signIn: string[];
};

function StatusBadge({ status }: { status: MemberView["status"] }) {
  return (
    <span
      data-testid="member-status"
      className={cn(
        "rounded-full px-2 py-0.5 text-xs",
        status === "active"
          ? "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300"
          : "bg-subtle text-muted",
      )}
    >
      {status}
    </span>
  );
}

/** Every account; admins change roles and act on others, never on themselves, on owners only as an owner. */
export function MembersTable({
  members,
  me,
  myRole,
  canManage,
}: {
  members: MemberView[];
  me: string;
  myRole: Role;
  canManage: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [reset, setReset] = useState<{ id: string; result: Extract<Result, { ok: true }> } | null>(null);
  const roles: Role[] =
    myRole === "owner" ? ["owner", "admin", "member", "viewer"] : ["admin", "member", "viewer"];
  const manageable = (m: MemberView) =>
    canManage && m.id !== me && (asRole(m.role) !== "owner" || myRole === "owner");
  const th = "px-4 py-2 font-medium";
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[52rem] text-left text-sm" data-testid="members-table">
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            <th className={th}>Name</th>
            <th className={th}>Role</th>
            <th className={th}>Projects</th>
            <th className={th}>Signs in with</th>
            <th className={th}>Last seen</th>
            <th className={th}>Status</th>
            <th className="px-4 py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {members.map((m) => (
            <Fragment key={m.id}>
              <tr
                data-testid="member-row"
                data-email={m.email}
                className={m.status === "active" ? undefined : "text-muted"}
              >
                <td className="px-4 py-2.5">
                  <div className="font-medium">
                    {m.name}
                    {m.id === me ? (
                      <span className="ml-1.5 text-xs font-normal text-muted">(you)</span>
                    ) : null}
                  </div>
                  <div className="text-xs text-muted">{m.email}</div>
                </td>
                <td className="px-4 py-2.5 text-xs">
                  {manageable(m) ? (
                    <select
                      aria-label={`Role of ${m.name}`}
                      className="h-7 rounded-md border border-border bg-panel px-2 text-xs"
                      value={asRole(m.role)}
                      disabled={pending}
                      data-testid="member-role"
                      onChange={(e) => {
                        const role = e.target.value;
                        startTransition(async () => {
                          const r = await changeRoleAction(m.id, role);
                          if (!r.ok) window.alert(r.error);
                          router.refresh();
                        });
                      }}
                    >
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                  ) : (
                    ROLE_LABELS[asRole(m.role)]
                  )}
                </td>
                <td className="px-4 py-2.5 text-xs">
                  {canManage ? (
                    <Link
                      href={`/settings/members/${m.id}/access`}
                      prefetch={false}
                      className="text-accent hover:underline"
                      data-testid="member-projects"
                    >
                      {m.allProjects ? "All" : "Some"}
                    </Link>
                  ) : m.allProjects ? (
                    "All"
                  ) : (
                    "Some"
                  )}
                </td>
                <td className="px-4 py-2.5 text-xs">{m.signIn.length ? m.signIn.join(", ") : "—"}</td>
                <td className="px-4 py-2.5 text-xs">
                  {m.lastSeenAt ? <RelativeTime iso={m.lastSeenAt} /> : "never"}
                </td>
                <td className="px-4 py-2.5">
                  <StatusBadge status={m.status} />
                </td>
                <td className="px-4 py-2.5 text-right">
                  {manageable(m) ? (
                    <MemberActions member={m} onResetLink={(result) => setReset({ id: m.id, result })} />
                  ) : null}
                </td>
              </tr>
              {reset?.id === m.id ? (
                <tr>
                  <td colSpan={7} className="bg-subtle/40 px-4 py-4">
                    <LinkResult what="Reset link" {...reset.result} onDone={() => setReset(null)} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
