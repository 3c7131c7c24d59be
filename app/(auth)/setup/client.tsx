"use client";
import { AuthForm } from "@/components/shell/auth-form";
import { authClient } from "@/lib/auth/client";

export function SetupForm() {
  return (
    <AuthForm
      title="Welcome to Fleetwatch"
      description="Create the first account. It becomes the owner: it manages API keys and settings, and adds people from Settings > Members (an invite link, mailed or copied)."
      withName
      submitLabel="Create admin account"
      redirectTo="/"
      onSubmit={({ name, email, password }) =>
        authClient.signUp.email({ name: name ?? email, email, password })
      }
    />
  );
}
