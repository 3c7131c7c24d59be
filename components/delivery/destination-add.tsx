"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { CopyBlock } from "@/components/ui/copy-block";
import { Field, Input, Select } from "@/components/ui/input";
import type { DestinationKind } from "@/db/schema";
import { createDestinationAction } from "@/lib/delivery/actions";

const KINDS: { value: DestinationKind; label: string }[] = [
  { value: "slack", label: "Slack (incoming webhook)" },
  { value: "webhook", label: "Webhook (signed JSON)" },
  { value: "email", label: "Email" },
  { value: "pagerduty", label: "PagerDuty (Events API v2)" },
];

/** The form's fields as the config of the chosen kind (the server validates it). */
function configOf(kind: DestinationKind, data: FormData): Record<string, unknown> {
  const text = (name: string) => String(data.get(name) ?? "").trim();
  switch (kind) {
    case "slack":
      return { url: text("url") };
    case "webhook":
      return text("secret") ? { url: text("url"), secret: text("secret") } : { url: text("url") };
    case "email":
      return {
        to: text("to")
          .split(/[\s,;]+/)
          .filter(Boolean),
      };
    case "pagerduty":
      return text("url")
        ? { routingKey: text("routingKey"), url: text("url") }
        : { routingKey: text("routingKey") };
  }
}

function KindFields({ kind }: { kind: DestinationKind }) {
  if (kind === "email")
    return (
      <Field label="Recipients" htmlFor="dest-to" hint="1 to 20 addresses, separated by commas or spaces.">
        <Input
          id="dest-to"
          name="to"
          placeholder="oncall@example.com, lead@example.com"
          required
          data-testid="dest-to"
        />
      </Field>
    );
  if (kind === "pagerduty")
    return (
      <>
        <Field
          label="Routing key"
          htmlFor="dest-routing-key"
          hint="The 32-character integration key of an Events API v2 service."
        >
          <Input
            id="dest-routing-key"
            name="routingKey"
            required
            autoComplete="off"
            data-testid="dest-routing-key"
          />
        </Field>
        <Field
          label="Events URL (optional)"
          htmlFor="dest-url"
          hint="Default: https://events.pagerduty.com/v2/enqueue"
        >
          <Input id="dest-url" name="url" type="url" data-testid="dest-url" />
        </Field>
      </>
    );
  return (
    <>
      <Field label={kind === "slack" ? "Incoming webhook URL" : "URL"} htmlFor="dest-url">
        <Input
          id="dest-url"
          name="url"
          type="url"
          required
          placeholder={
            kind === "slack"
              ? "https://hooks.slack.com/services/…"
              : "https://ops.example.com/hooks/fleetwatch"
          }
          data-testid="dest-url"
        />
      </Field>
      {kind === "webhook" ? (
        <Field
          label="Signing secret (optional)"
          htmlFor="dest-secret"
          hint="Leave empty to have one generated."
        >
          <Input id="dest-secret" name="secret" autoComplete="off" data-testid="dest-secret" />
        </Field>
      ) : null}
    </>
  );
}

/** Adds a destination; a generated webhook secret is shown once. */
export function AddDestinationForm() {
  const router = useRouter();
  const [kind, setKind] = useState<DestinationKind>("slack");
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    startTransition(async () => {
      const r = await createDestinationAction({
        name: String(data.get("name") ?? ""),
        kind,
        config: configOf(kind, data),
      });
      if (!r.ok) return setError(r.error);
      setError(null);
      form.reset();
      if (r.secret) setSecret(r.secret);
      router.refresh();
    });
  }

  if (secret)
    return (
      <div className="space-y-3" data-testid="destination-created">
        <p className="text-sm font-medium text-emerald-700 dark:text-emerald-400">
          Destination added. Copy its signing secret now: it will not be shown again.
        </p>
        <CopyBlock text={secret} testId="destination-secret" label="Copy secret" />
        <Button variant="secondary" size="sm" onClick={() => setSecret(null)}>
          Done
        </Button>
      </div>
    );

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="add-destination-form">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field label="Name" htmlFor="dest-name">
          <Input
            id="dest-name"
            name="name"
            placeholder="e.g. #fleet-alerts"
            required
            data-testid="dest-name"
          />
        </Field>
        <Field label="Kind" htmlFor="dest-kind">
          <Select
            id="dest-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as DestinationKind);
              setError(null);
            }}
            className="w-full"
            data-testid="dest-kind"
          >
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </Select>
        </Field>
        <KindFields kind={kind} />
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending} data-testid="add-destination">
          {pending ? "Adding…" : "Add destination"}
        </Button>
        {error ? (
          <p className="text-xs text-red-600 dark:text-red-400" data-testid="destination-add-error">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
