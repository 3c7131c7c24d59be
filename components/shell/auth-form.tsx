"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/input";
import { safeNextPath } from "@/lib/auth/safe-next";

type Fields = { name?: string; email: string; password: string };

/** The setup and login forms: fields, a submit that awaits `onSubmit`, and its error in plain words. */
export function AuthForm({
  title,
  description,
  withName,
  submitLabel,
  onSubmit,
  redirectTo,
  footer,
  before,
  extraFields,
}: {
  title: string;
  description: ReactNode;
  withName?: boolean;
  submitLabel: string;
  onSubmit: (fields: Fields) => Promise<{ error?: { message?: string; status?: number } | null }>;
  redirectTo: string;
  footer?: ReactNode;
  /** Shown above the fields (the login page's single sign-on button and its errors). */
  before?: ReactNode;
  /** More fields inside the form, after the password (the setup token); their owner keeps their values. */
  extraFields?: ReactNode;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result: Awaited<ReturnType<typeof onSubmit>> = await onSubmit({
      name: withName ? String(form.get("name") ?? "") : undefined,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    }).catch((err: unknown) => ({ error: { message: err instanceof Error ? err.message : String(err) } }));
    if (result.error) {
      setError(result.error.message || errorByStatus(result.error.status));
      setPending(false);
      return;
    }
    // Checked again here: whoever renders this form, it only ever navigates within the console.
    router.replace(safeNextPath(redirectTo));
    router.refresh();
  }

  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-1 mb-5 text-sm text-muted">{description}</p>
      {before}
      <form onSubmit={submit} className="space-y-4">
        {withName ? (
          <Field label="Name" htmlFor="name">
            <Input id="name" name="name" required autoComplete="name" data-testid="auth-name" />
          </Field>
        ) : null}
        <Field label="Email" htmlFor="email">
          <Input
            id="email"
            name="email"
            type="email"
            required
            autoComplete="email"
            data-testid="auth-email"
          />
        </Field>
        <Field label="Password" htmlFor="password" hint={withName ? "At least 8 characters." : undefined}>
          <Input
            id="password"
            name="password"
            type="password"
            required
            minLength={8}
            autoComplete={withName ? "new-password" : "current-password"}
            data-testid="auth-password"
          />
        </Field>
        {extraFields}
        {error ? (
          <p
            role="alert"
            data-testid="auth-error"
            className="rounded-md bg-red-50 px-3 py-2 text-xs text-red-700 dark:bg-red-950 dark:text-red-300"
          >
            {error}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={pending} data-testid="auth-submit">
          {pending ? "Please wait…" : submitLabel}
        </Button>
      </form>
      {footer ? <div className="mt-4 text-xs text-muted">{footer}</div> : null}
    </Card>
  );
}

function errorByStatus(status: number | undefined): string {
  if (status === 429) return "Too many attempts. Wait a few minutes, then try again.";
  return "Something went wrong.";
}
