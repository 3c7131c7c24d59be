"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { renameAction } from "@/lib/profile/actions";

export function NameForm({ name }: { name: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get("name") ?? "");
    startTransition(async () => {
      const r = await renameAction(value);
      setMessage(r.ok ? { ok: true, text: "Saved." } : { ok: false, text: r.error });
      if (r.ok) router.refresh();
    });
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" data-testid="name-form">
      <div className="min-w-60 flex-1">
        <Field label="Name" htmlFor="profile-name">
          <Input
            id="profile-name"
            name="name"
            defaultValue={name}
            required
            maxLength={100}
            data-testid="profile-name"
          />
        </Field>
      </div>
      <Button type="submit" disabled={pending} data-testid="profile-name-save">
        Save
      </Button>
      {message ? (
        <p
          role="status"
          className={`w-full text-xs ${message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-600"}`}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
