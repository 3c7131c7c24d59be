"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CopyBlock } from "@/components/ui/copy-block";
import { Field, Input } from "@/components/ui/input";
import { createWebhookAction } from "@/lib/standups/actions";

/** Adds a webhook; its signing secret is shown once. */
export function AddWebhookForm() {
  const router = useRouter();
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const r = await createWebhookAction({
        name: String(data.get("name") ?? ""),
        url: String(data.get("url") ?? ""),
      });
      if (!r.ok) return setError(r.error);
      setError(null);
      setSecret(r.secret);
      form.reset();
      router.refresh();
    });
  }

  if (secret) {
    return (
      <div className="space-y-3" data-testid="webhook-created">
        <p className="text-sm font-medium text-emerald-700 dark:text-emerald-400">
          Webhook added. Copy its signing secret now: it will not be shown again.
        </p>
        <CopyBlock text={secret} testId="webhook-secret" label="Copy secret" />
        <p className="text-xs text-muted">
          Each request carries{" "}
          <code className="font-mono">Fleetwatch-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</code>: the
          HMAC-SHA256 of <code className="font-mono">&quot;&lt;t&gt;.&lt;raw body&gt;&quot;</code> with this
          secret.
        </p>
        <Button variant="secondary" size="sm" onClick={() => setSecret(null)}>
          Done
        </Button>
      </div>
    );
  }

  return (
    <form
      onSubmit={submit}
      className="grid gap-4 md:grid-cols-[14rem_1fr_auto] md:items-end"
      data-testid="add-webhook-form"
    >
      <Field label="Name" htmlFor="webhook-name">
        <Input
          id="webhook-name"
          name="name"
          placeholder="e.g. #fleet-standup"
          required
          data-testid="webhook-name"
        />
      </Field>
      <Field label="URL" htmlFor="webhook-url">
        <Input
          id="webhook-url"
          name="url"
          type="url"
          placeholder="https://hooks.slack.com/services/…"
          required
          data-testid="webhook-url"
        />
      </Field>
      <Button type="submit" disabled={pending} data-testid="add-webhook">
        {pending ? "Adding…" : "Add webhook"}
      </Button>
      {error ? (
        <p className="text-xs text-red-600 md:col-span-3" data-testid="webhook-add-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
