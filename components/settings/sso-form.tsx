"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyBlock } from "@/components/ui/copy-block";
import { Field, Input, Select } from "@/components/ui/input";
import { saveSsoSettingsAction } from "@/lib/auth/sso-actions";
import type { SsoField } from "@/lib/auth/sso-config";
import type { SsoSettingsView } from "@/lib/auth/sso-settings";

const ENV_NAMES: Record<SsoField, string> = {
  issuer: "FLEETWATCH_OIDC_ISSUER",
  clientId: "FLEETWATCH_OIDC_CLIENT_ID",
  clientSecret: "FLEETWATCH_OIDC_CLIENT_SECRET",
  label: "FLEETWATCH_OIDC_LABEL",
  allowedDomains: "FLEETWATCH_OIDC_ALLOWED_DOMAINS",
  defaultRole: "FLEETWATCH_OIDC_DEFAULT_ROLE",
  passwordSignIn: "FLEETWATCH_PASSWORD_SIGNIN",
};

/** Settings > Single sign-on: the IdP connection, who may join, and whether passwords still work. */
export function SsoSettingsForm({
  settings,
  callbackUrl,
}: {
  settings: SsoSettingsView;
  callbackUrl: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [replaceSecret, setReplaceSecret] = useState(!settings.secretSet);
  const locked = (f: SsoField) => settings.lockedByEnv.includes(f);
  const envHint = (f: SsoField, hint?: ReactNode) =>
    locked(f) ? <span data-testid={`sso-env-${f}`}>Set by the environment ({ENV_NAMES[f]}).</span> : hint;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    startTransition(async () => {
      const result = await saveSsoSettingsAction({
        issuer: text("issuer"),
        clientId: text("clientId"),
        clientSecret: replaceSecret ? text("clientSecret") : undefined,
        label: text("label"),
        allowedDomains: text("allowedDomains"),
        defaultRole: text("defaultRole") === "member" ? "member" : "viewer",
        passwordSignIn: form.get("passwordSignIn") === "on",
      });
      setMessage(result.ok ? { ok: true, text: "Saved." } : { ok: false, text: result.error });
      if (result.ok) {
        setReplaceSecret(false);
        router.refresh();
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-6" data-testid="sso-form">
      <Card>
        <CardHeader
          title="Identity provider"
          description={
            settings.configured ? (
              <span data-testid="sso-status">
                Configured: the login page offers “Sign in with {settings.label}”.
              </span>
            ) : (
              <span data-testid="sso-status">Not configured: people sign in with email and password.</span>
            )
          }
        />
        <div className="grid gap-4 px-5 py-4 md:grid-cols-2">
          <div className="md:col-span-2">
            <Field label="Callback URL to register at the identity provider" htmlFor="sso-callback">
              <CopyBlock text={callbackUrl} testId="sso-callback-url" label="Copy callback URL" />
            </Field>
          </div>
          <Field
            label="Issuer URL"
            htmlFor="sso-issuer"
            hint={envHint(
              "issuer",
              "Its discovery document (/.well-known/openid-configuration) is checked on save.",
            )}
          >
            <Input
              id="sso-issuer"
              name="issuer"
              type="url"
              placeholder="https://login.example.com/realms/ops"
              defaultValue={settings.issuer}
              disabled={locked("issuer")}
              data-testid="sso-issuer"
            />
          </Field>
          <Field
            label="Button label"
            htmlFor="sso-label"
            hint={envHint("label", "Shown as “Sign in with …”.")}
          >
            <Input
              id="sso-label"
              name="label"
              maxLength={60}
              defaultValue={settings.label}
              disabled={locked("label")}
              data-testid="sso-label"
            />
          </Field>
          <Field label="Client ID" htmlFor="sso-client-id" hint={envHint("clientId")}>
            <Input
              id="sso-client-id"
              name="clientId"
              autoComplete="off"
              defaultValue={settings.clientId}
              disabled={locked("clientId")}
              data-testid="sso-client-id"
            />
          </Field>
          <Field
            label="Client secret"
            htmlFor="sso-client-secret"
            hint={envHint(
              "clientSecret",
              "Stored in the console's database; never shown again after saving.",
            )}
          >
            {replaceSecret && !locked("clientSecret") ? (
              <Input
                id="sso-client-secret"
                name="clientSecret"
                type="password"
                autoComplete="new-password"
                placeholder={settings.secretSet ? "New secret" : ""}
                data-testid="sso-client-secret"
              />
            ) : (
              <div className="flex h-9 items-center gap-3 text-sm">
                <span className="text-muted" data-testid="sso-secret-state">
                  {settings.secretSet ? "Set" : "Not set"}
                </span>
                {locked("clientSecret") ? null : (
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => setReplaceSecret(true)}
                    data-testid="sso-replace-secret"
                  >
                    Replace
                  </Button>
                )}
              </div>
            )}
          </Field>
        </div>
      </Card>

      <Card>
        <CardHeader
          title="Who can join"
          description="A person without an account gets one when an admin invited their address (with the invite's role), or when the identity provider vouches for a verified address of an allowed domain. Everyone else is turned away."
        />
        <div className="grid gap-4 px-5 py-4 md:grid-cols-2">
          <Field
            label="Allowed email domains"
            htmlFor="sso-domains"
            hint={envHint(
              "allowedDomains",
              "Comma list, e.g. example.com, example.org. Empty: invites only.",
            )}
          >
            <Input
              id="sso-domains"
              name="allowedDomains"
              defaultValue={settings.allowedDomains}
              disabled={locked("allowedDomains")}
              data-testid="sso-domains"
            />
          </Field>
          <Field label="Role for domain sign-ups" htmlFor="sso-role" hint={envHint("defaultRole")}>
            <Select
              id="sso-role"
              name="defaultRole"
              defaultValue={settings.defaultRole}
              disabled={locked("defaultRole")}
              className="w-full"
              data-testid="sso-role"
            >
              <option value="viewer">Viewer (reads everything)</option>
              <option value="member">Member (also triages)</option>
            </Select>
          </Field>
        </div>
      </Card>

      <Card>
        <CardHeader title="Sign-in methods" />
        <div className="space-y-2 px-5 py-4">
          <label className="inline-flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="passwordSignIn"
              defaultChecked={settings.passwordSignIn}
              disabled={locked("passwordSignIn")}
              data-testid="sso-password-signin"
            />
            Allow email and password sign-in
          </label>
          <p className="text-xs text-muted [overflow-wrap:anywhere]">
            {envHint(
              "passwordSignIn",
              "Can be turned off once single sign-on is configured. Locked out (the identity provider is down)? Start the console with FLEETWATCH_PASSWORD_SIGNIN=true: passwords work again whatever is saved here.",
            )}
          </p>
        </div>
      </Card>

      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending} data-testid="sso-save">
          {pending ? "Checking the issuer…" : "Save"}
        </Button>
        {message ? (
          <p
            role={message.ok ? "status" : "alert"}
            className={`text-sm ${message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-600"}`}
            data-testid="sso-message"
          >
            {message.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
