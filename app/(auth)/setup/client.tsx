"use client";
import { AuthForm } from "@/components/shell/auth-form";
import { authClient } from "@/lib/auth/client";

export function SetupForm() {
  return (
    <AuthForm
      title="Welcome to Fleetwatch"
      description="Create the first account. It becomes the admin: it manages API keys, users and settings."
      withName
      submitLabel="Create admin account"
      redirectTo="/"
      onSubmit={({ name, email, password }) =>
        authClient.signUp.email({ name: name ?? email, email, password })
      }
    />
  );
}
