"use client";
import { MoreHorizontal } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import {
  type LinkResult,
  removeMemberAction,
  resetLinkAction,
  setDeactivatedAction,
  signOutEverywhereAction,
} from "@/lib/members/actions";

type Member = { id: string; name: string; email: string; status: "active" | "deactivated" };

/** The per-member menu: reset link, sign out everywhere, deactivate or reactivate, remove. */
export function MemberActions({
  member,
  onResetLink,
}: {
  member: Member;
  onResetLink: (result: Extract<LinkResult, { ok: true }>) => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const act = (
    confirmText: string | null,
    fn: () => Promise<{ ok: true } | { ok: false; error: string }>,
  ) => {
    if (confirmText && !window.confirm(confirmText)) return;
    startTransition(async () => {
      const r = await fn();
      if (!r.ok) window.alert(r.error);
      router.refresh();
    });
  };
  const item = "block w-full px-3 py-1.5 text-left text-xs hover:bg-subtle disabled:opacity-50";
  const who = member.name || member.email;
  return (
    <details className="relative inline-block text-left" data-testid="member-actions">
      <summary
        className="inline-flex cursor-pointer list-none items-center rounded-md p-1 text-muted hover:bg-subtle hover:text-fg [&::-webkit-details-marker]:hidden"
        aria-label={`Actions for ${who}`}
      >
        <MoreHorizontal className="size-4" />
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-48 overflow-hidden rounded-md border border-border bg-panel py-1 shadow-lg">
        {member.status === "active" ? (
          <>
            <button
              type="button"
              className={item}
              disabled={pending}
              data-testid="member-reset"
              onClick={() =>
                startTransition(async () => {
                  const r = await resetLinkAction(member.id);
                  if (!r.ok) window.alert(r.error);
                  else onResetLink(r);
                })
              }
            >
              Reset password…
            </button>
            <button
              type="button"
              className={item}
              disabled={pending}
              data-testid="member-signout"
              onClick={() =>
                act(`Sign ${who} out of every browser?`, () => signOutEverywhereAction(member.id))
              }
            >
              Sign out everywhere
            </button>
            <button
              type="button"
              className={item}
              disabled={pending}
              data-testid="member-deactivate"
              onClick={() =>
                act(
                  `Deactivate ${who}? They are signed out at once and cannot sign in until reactivated.`,
                  () => setDeactivatedAction(member.id, true),
                )
              }
            >
              Deactivate
            </button>
          </>
        ) : (
          <button
            type="button"
            className={item}
            disabled={pending}
            data-testid="member-reactivate"
            onClick={() => act(null, () => setDeactivatedAction(member.id, false))}
          >
            Reactivate
          </button>
        )}
        <button
          type="button"
          className={`${item} text-red-600`}
          disabled={pending}
          data-testid="member-remove"
          onClick={() =>
            act(
              `Remove ${who}? Their sign-in is deleted; their name stays on past triage and notes. They can be invited again.`,
              () => removeMemberAction(member.id),
            )
          }
        >
          Remove…
        </button>
      </div>
    </details>
  );
}
