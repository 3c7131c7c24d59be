"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/time";
import { revokeKeyAction } from "@/lib/auth/key-actions";

export type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  signed: boolean;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export function KeysTable({ keys, canRevoke }: { keys: KeyRow[]; canRevoke: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  if (keys.length === 0)
    return <p className="px-5 py-8 text-center text-muted">No API keys in this project yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="keys-table">
        <thead className="border-b border-border text-xs text-muted">
          <tr>
            <th className="px-5 py-2 font-medium">Name</th>
            <th className="px-5 py-2 font-medium">Key</th>
            <th className="px-5 py-2 font-medium">Scopes</th>
            <th className="px-5 py-2 font-medium">Created</th>
            <th className="px-5 py-2 font-medium">Last used</th>
            <th className="px-5 py-2" />
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {keys.map((k) => (
            <tr key={k.id} data-testid="key-row" className={k.revokedAt ? "text-muted" : undefined}>
              <td className="px-5 py-2.5 font-medium">{k.name}</td>
              <td className="px-5 py-2.5 font-mono text-xs">{k.prefix}…</td>
              <td className="px-5 py-2.5 text-xs">
                {k.scopes.join(", ")}
                {k.signed ? " · signed" : ""}
              </td>
              <td className="px-5 py-2.5 text-xs">
                <RelativeTime iso={k.createdAt} />
              </td>
              <td className="px-5 py-2.5 text-xs">
                {k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} /> : "never"}
              </td>
              <td className="px-5 py-2.5 text-right">
                {k.revokedAt ? (
                  <span className="text-xs" data-testid="key-revoked">
                    revoked
                  </span>
                ) : canRevoke ? (
                  <Button
                    variant="danger"
                    size="sm"
                    disabled={pending}
                    data-testid="revoke-key"
                    onClick={() => {
                      if (!window.confirm(`Revoke "${k.name}"? Runners using it will get 403 at once.`))
                        return;
                      startTransition(async () => {
                        const r = await revokeKeyAction(k.id);
                        if (r.error) window.alert(r.error);
                        router.refresh();
                      });
                    }}
                  >
                    Revoke
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
