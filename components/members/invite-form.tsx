"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/input";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { inviteMemberAction, type LinkResult as Result } from "@/lib/members/actions";
import { LinkResult } from "./link-result";

const ROLE_HINTS: Record<Role, string> = {
  owner: "everything, including owners",
  admin: "members, keys, settings",
  member: "read and triage",
  viewer: "read only",
};

export function InviteForm({ roles, projects }: { roles: Role[]; projects: { id: string; name: string }[] }) {
  const router = useRouter();
  const [role, setRole] = useState<Role>("member");
  const [created, setCreated] = useState<Extract<Result, { ok: true }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const limitable = role === "member" || role === "viewer";

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const projectIds = limitable && form.get("limit") === "on" ? form.getAll("projects").map(String) : [];
    if (limitable && form.get("limit") === "on" && projectIds.length === 0)
      return setError("Pick at least one project, or give access to all projects.");
    startTransition(async () => {
      const r = await inviteMemberAction({ email: String(form.get("email") ?? ""), role, projectIds });
      if (!r.ok) return setError(r.error);
      setError(null);
      setCreated(r);
      router.refresh();
    });
  }

  if (created)
    return (
      <LinkResult
        what="Invite"
        email={created.email}
        url={created.url}
        expiresAt={created.expiresAt}
        mail={created.mail}
        onDone={() => setCreated(null)}
      />
    );

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="invite-form">
      <div className="grid gap-4 md:grid-cols-[1fr_14rem_auto] md:items-end">
        <Field label="Email" htmlFor="invite-email">
          <Input
            id="invite-email"
            name="email"
            type="email"
            required
            maxLength={320}
            data-testid="invite-email"
          />
        </Field>
        <Field label="Role" htmlFor="invite-role">
          <Select
            id="invite-role"
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            className="w-full"
            data-testid="invite-role"
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}: {ROLE_HINTS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={pending} data-testid="invite-submit">
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </div>
      {limitable && projects.length > 1 ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-xs text-muted">
            Limit to some projects (default: all)
          </summary>
          <div className="mt-2 space-y-2">
            <label className="inline-flex items-center gap-1.5 text-xs">
              <input type="checkbox" name="limit" data-testid="invite-limit" /> Only the projects ticked below
            </label>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {projects.map((p) => (
                <label key={p.id} className="inline-flex items-center gap-1.5 text-xs">
                  <input type="checkbox" name="projects" value={p.id} /> {p.name}
                </label>
              ))}
            </div>
          </div>
        </details>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-600" data-testid="invite-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
