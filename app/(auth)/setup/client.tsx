"use client";
import { useState } from "react";
import { AuthForm } from "@/components/shell/auth-form";
import { Field, Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth/client";
import { SETUP_TOKEN_HEADER } from "@/lib/auth/setup-token-messages";

/**
 * tokenRequired: the console is reachable from the network and no admin exists yet, so the server asks for the
 * setup token of its log (lib/auth/setup-token). initialToken: the one the log's setup link carried.
 */
export function SetupForm({ tokenRequired, initialToken }: { tokenRequired: boolean; initialToken: string }) {
  const [token, setToken] = useState(initialToken);
  return (
    <AuthForm
      title="Welcome to Fleetwatch"
      description="Create the first account. It becomes the owner: it manages API keys and settings, and adds people from Settings > Members (an invite link, mailed or copied)."
      withName
      submitLabel="Create admin account"
      redirectTo="/"
      extraFields={
        tokenRequired ? (
          <Field
            label="Setup token"
            htmlFor="setup-token"
            hint="This console is reachable from the network: paste the token from the server log (the line with /setup?token=), or open the link printed there."
          >
            <Input
              id="setup-token"
              name="setup-token"
              required
              autoComplete="off"
              spellCheck={false}
              value={token}
              onChange={(e) => setToken(e.target.value)}
              className="font-mono"
              data-testid="setup-token"
            />
          </Field>
        ) : null
      }
      onSubmit={({ name, email, password }) =>
        authClient.signUp.email({
          name: name ?? email,
          email,
          password,
          fetchOptions: tokenRequired ? { headers: { [SETUP_TOKEN_HEADER]: token.trim() } } : undefined,
        })
      }
    />
  );
}
