"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CopyBlock } from "@/components/ui/copy-block";
import { Field, Input } from "@/components/ui/input";
import type { ApiKeyScope } from "@/db/schema";
import { createKeyAction } from "@/lib/auth/key-actions";

export function CreateKeyForm({ project }: { project: string }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ key: string; signingSecret: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const scopes = form.getAll("scopes").map(String) as ApiKeyScope[];
    startTransition(async () => {
      const r = await createKeyAction({
        name: String(form.get("name") ?? ""),
        scopes,
        signed: form.get("signed") === "on",
      });
      if (!r.ok) return setError(r.error);
      setError(null);
      setCreated({ key: r.key, signingSecret: r.signingSecret });
      router.refresh();
    });
  }

  if (created) {
    return (
      <div className="space-y-3" data-testid="key-created">
        <p className="text-sm font-medium text-emerald-700 dark:text-emerald-400">
          Key created for project {project}. Copy it now: it will not be shown again.
        </p>
        <CopyBlock text={created.key} testId="created-key" label="Copy key" />
        {created.signingSecret ? (
          <>
            <p className="text-xs text-muted">
              Signing secret (sign every request with it, see docs/ingest.md):
            </p>
            <CopyBlock
              text={created.signingSecret}
              testId="created-signing-secret"
              label="Copy signing secret"
            />
          </>
        ) : null}
        <Button variant="secondary" size="sm" onClick={() => setCreated(null)}>
          Done
        </Button>
      </div>
    );
  }

  return (
    <form
      onSubmit={submit}
      className="grid gap-4 md:grid-cols-[1fr_auto_auto] md:items-end [&>*]:min-w-0"
      data-testid="create-key-form"
    >
      <Field label="Name" htmlFor="key-name">
        <Input id="key-name" name="name" placeholder="e.g. ci-runners" required data-testid="key-name" />
      </Field>
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2 pb-2 text-sm">
        <legend className="sr-only">Scopes</legend>
        <label className="inline-flex items-center gap-1.5">
          <input type="checkbox" name="scopes" value="ingest" defaultChecked data-testid="scope-ingest" />{" "}
          ingest
        </label>
        <label className="inline-flex items-center gap-1.5">
          <input type="checkbox" name="scopes" value="read" data-testid="scope-read" /> read
        </label>
        <label
          className="inline-flex items-center gap-1.5"
          title="Resolve, ignore, assign and note failure issues"
        >
          <input type="checkbox" name="scopes" value="triage" data-testid="scope-triage" /> triage
        </label>
        <label
          className="inline-flex items-center gap-1.5"
          title="Alert rules, escalation policies, silences and destinations through the API"
        >
          <input type="checkbox" name="scopes" value="config" data-testid="scope-config" /> config
        </label>
        <label
          className="inline-flex items-center gap-1.5"
          title="Requests must carry a Fleetwatch-Signature header"
        >
          <input type="checkbox" name="signed" data-testid="key-signed" /> require signature
        </label>
      </fieldset>
      <Button type="submit" disabled={pending} data-testid="create-key">
        {pending ? "Creating…" : "Create key"}
      </Button>
      {error ? <p className="text-xs text-red-600 md:col-span-3">{error}</p> : null}
    </form>
  );
}
