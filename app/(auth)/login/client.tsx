"use client";
import { useState } from "react";
import { AuthForm } from "@/components/shell/auth-form";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { authClient } from "@/lib/auth/client";

type Sso = { providerId: string; label: string } | null;

const FOOTER =
  "No account? Ask an admin of this Fleetwatch to invite you (Settings > Members); forgot your password? An admin can send you a reset link there.";

export function LoginForm({
  redirectTo,
  sso,
  passwordSignIn,
  ssoError,
}: {
  redirectTo: string;
  sso: Sso;
  passwordSignIn: boolean;
  /** What went wrong on the way back from the identity provider (already a sentence). */
  ssoError: string | null;
}) {
  const before = (
    <>
      {ssoError ? (
        <p
          role="alert"
          data-testid="sso-error"
          className="mb-4 rounded-md bg-red-50 px-3 py-2 text-xs text-red-700 dark:bg-red-950 dark:text-red-300"
        >
          {ssoError}
        </p>
      ) : null}
      {sso ? <SsoButton sso={sso} redirectTo={redirectTo} /> : null}
      {sso && passwordSignIn ? (
        <div className="my-4 flex items-center gap-3 text-xs text-muted" aria-hidden>
          <span className="h-px flex-1 bg-border" />
          or with a password
          <span className="h-px flex-1 bg-border" />
        </div>
      ) : null}
    </>
  );
  if (!passwordSignIn && sso) {
    return (
      <Card className="p-6">
        <h1 className="text-lg font-semibold">Sign in</h1>
        <p className="mt-1 mb-5 text-sm text-muted">Sign in to your fleet&apos;s console with {sso.label}.</p>
        {before}
        <div className="mt-4 text-xs text-muted">{FOOTER}</div>
      </Card>
    );
  }
  return (
    <AuthForm
      title="Sign in"
      description="Sign in to your fleet's console."
      submitLabel="Sign in"
      redirectTo={redirectTo}
      before={before}
      onSubmit={({ email, password }) => authClient.signIn.email({ email, password })}
      footer={FOOTER}
    />
  );
}

function SsoButton({ sso, redirectTo }: { sso: NonNullable<Sso>; redirectTo: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function start() {
    setPending(true);
    setError(null);
    // better-auth answers with the IdP's authorization URL (state and PKCE kept server-side) and navigates there.
    const result = await authClient.signIn
      .social({ provider: sso.providerId, callbackURL: redirectTo, errorCallbackURL: "/login" })
      .catch(() => ({ error: { message: undefined } }));
    if (result.error) {
      setError(
        result.error.message || "The identity provider cannot be reached right now. Try again shortly.",
      );
      setPending(false);
    }
  }
  return (
    <>
      <Button
        variant="secondary"
        className="w-full"
        onClick={start}
        disabled={pending}
        data-testid="sso-sign-in"
      >
        {pending ? "Redirecting…" : `Sign in with ${sso.label}`}
      </Button>
      {error ? (
        <p role="alert" className="mt-2 text-xs text-red-600" data-testid="sso-start-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
