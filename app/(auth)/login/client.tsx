"use client";
import { AuthForm } from "@/components/shell/auth-form";
import { authClient } from "@/lib/auth/client";

export function LoginForm({ redirectTo }: { redirectTo: string }) {
  return (
    <AuthForm
      title="Sign in"
      description="Sign in to your fleet's console."
      submitLabel="Sign in"
      redirectTo={redirectTo}
      onSubmit={({ email, password }) => authClient.signIn.email({ email, password })}
      footer="No account? Ask an admin of this Fleetwatch to invite you (Settings > Members); forgot your password? An admin can send you a reset link there."
    />
  );
}
