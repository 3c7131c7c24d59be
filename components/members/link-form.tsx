"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/input";
import { acceptInviteAction, resetPasswordAction } from "@/lib/members/link-actions";

/** The form behind an invite link (name + password) or a reset link (new password); the email is the link's. */
export function LinkForm({
  kind,
  token,
  email,
  role,
}: {
  kind: "invite" | "reset";
  token: string;
  email: string;
  role?: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const invite = kind === "invite";

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) return setError("The two passwords differ.");
    startTransition(async () => {
      const r = invite
        ? await acceptInviteAction(token, { name: String(form.get("name") ?? ""), password })
        : await resetPasswordAction(token, password);
      if (!r.ok) return setError(r.error);
      // Signed in by the action (its response set the session cookie); else sign in by hand.
      router.replace(r.signedIn ? "/" : "/login");
      router.refresh();
    });
  }

  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">{invite ? "Join Fleetwatch" : "Set a new password"}</h1>
      <p className="mt-1 mb-5 text-sm text-muted">
        {invite
          ? `You were invited as ${role ?? "a member"}. Choose your name and a password.`
          : "Your other sessions end when the new password is set."}
      </p>
      <form onSubmit={submit} className="space-y-4" data-testid={`${kind}-form`}>
        <Field label="Email" htmlFor="email">
          <Input
            id="email"
            value={email}
            readOnly
            disabled
            autoComplete="username"
            data-testid="link-email"
          />
        </Field>
        {invite ? (
          <Field label="Name" htmlFor="name">
            <Input
              id="name"
              name="name"
              required
              maxLength={100}
              autoComplete="name"
              data-testid="link-name"
            />
          </Field>
        ) : null}
        <Field label="Password" htmlFor="password" hint="At least 8 characters.">
          <Input
            id="password"
            name="password"
            type="password"
            required
            minLength={8}
            maxLength={128}
            autoComplete="new-password"
            data-testid="link-password"
          />
        </Field>
        <Field label="Password again" htmlFor="confirm">
          <Input
            id="confirm"
            name="confirm"
            type="password"
            required
            minLength={8}
            maxLength={128}
            autoComplete="new-password"
            data-testid="link-confirm"
          />
        </Field>
        {error ? (
          <p
            role="alert"
            data-testid="link-error"
            className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-700 dark:bg-red-950 dark:text-red-300"
          >
            {error}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={pending} data-testid="link-submit">
          {pending ? "Please wait…" : invite ? "Create my account" : "Set password and sign in"}
        </Button>
      </form>
    </Card>
  );
}

/** What an unusable link shows instead of a form. */
export function LinkProblem({ title, message }: { title: string; message: string }) {
  return (
    <Card className="p-6" data-testid="link-problem">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-muted">{message}</p>
      <a href="/login" className="mt-4 inline-block text-sm text-accent hover:underline">
        Go to sign in
      </a>
    </Card>
  );
}
