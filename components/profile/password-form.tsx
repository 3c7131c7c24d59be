"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { changePasswordAction } from "@/lib/profile/actions";

export function PasswordForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const next = String(form.get("next") ?? "");
    if (next !== String(form.get("confirm") ?? ""))
      return setMessage({ ok: false, text: "The two new passwords differ." });
    setMessage(null);
    startTransition(async () => {
      const r = await changePasswordAction(String(form.get("current") ?? ""), next);
      if (!r.ok) return setMessage({ ok: false, text: r.error });
      formElement.reset();
      setMessage({ ok: true, text: "Password changed. Your other sessions were signed out." });
      router.refresh();
    });
  }
  return (
    <form onSubmit={submit} className="grid gap-4 md:grid-cols-3 md:items-start" data-testid="password-form">
      <Field label="Current password" htmlFor="pw-current">
        <Input
          id="pw-current"
          name="current"
          type="password"
          required
          autoComplete="current-password"
          data-testid="pw-current"
        />
      </Field>
      <Field label="New password" htmlFor="pw-next" hint="At least 8 characters.">
        <Input
          id="pw-next"
          name="next"
          type="password"
          required
          minLength={8}
          maxLength={128}
          autoComplete="new-password"
          data-testid="pw-next"
        />
      </Field>
      <Field label="New password again" htmlFor="pw-confirm">
        <Input
          id="pw-confirm"
          name="confirm"
          type="password"
          required
          minLength={8}
          maxLength={128}
          autoComplete="new-password"
          data-testid="pw-confirm"
        />
      </Field>
      <div className="flex items-center gap-3 md:col-span-3">
        <Button type="submit" disabled={pending} data-testid="pw-save">
          {pending ? "Changing…" : "Change password"}
        </Button>
        {message ? (
          <p
            role="status"
            data-testid="pw-message"
            className={`text-xs ${message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-600"}`}
          >
            {message.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
