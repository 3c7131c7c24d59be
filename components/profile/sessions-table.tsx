"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { revokeSessionAction } from "@/lib/profile/actions";

export type SessionView = {
  id: string;
  device: string;
  ipAddress: string | null;
  createdAt: string;
  lastActiveAt: string;
  current: boolean;
};

export function SessionsTable({ sessions }: { sessions: SessionView[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const revoke = (id: string | null) =>
    startTransition(async () => {
      const r = await revokeSessionAction(id);
      if (!r.ok) window.alert(r.error);
      router.refresh();
    });
  const others = sessions.filter((s) => !s.current).length;
  return (
    <>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm" data-testid="sessions-table">
          <thead className="border-b border-border text-xs text-muted">
            <tr>
              <th className="px-5 py-2 font-medium">Device</th>
              <th className="px-5 py-2 font-medium">Address</th>
              <th className="px-5 py-2 font-medium">Signed in</th>
              <th className="px-5 py-2 font-medium">Last active</th>
              <th className="px-5 py-2" />
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {sessions.map((s) => (
              <tr key={s.id} data-testid="session-row">
                <td className="px-5 py-2.5 font-medium">
                  {s.device}
                  {s.current ? (
                    <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-normal text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300">
                      this session
                    </span>
                  ) : null}
                </td>
                <td className="px-5 py-2.5 font-mono text-xs">{s.ipAddress ?? "—"}</td>
                <td className="px-5 py-2.5 text-xs">
                  <RelativeTime iso={s.createdAt} />
                </td>
                <td className="px-5 py-2.5 text-xs">
                  <RelativeTime iso={s.lastActiveAt} />
                </td>
                <td className="px-5 py-2.5 text-right">
                  {s.current ? null : (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={pending}
                      onClick={() => revoke(s.id)}
                      data-testid="session-revoke"
                    >
                      Sign out
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 ? (
        <div className="border-t border-border px-5 py-3">
          <Button
            variant="danger"
            size="sm"
            disabled={pending}
            onClick={() => revoke(null)}
            data-testid="sessions-revoke-others"
          >
            Sign out {others} other session{others === 1 ? "" : "s"}
          </Button>
        </div>
      ) : null}
    </>
  );
}
