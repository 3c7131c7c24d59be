"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { createProjectAction } from "@/lib/projects/actions";

export function CreateProjectForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const slug = String(new FormData(form).get("slug") ?? "");
    startTransition(async () => {
      const r = await createProjectAction({ slug });
      if (!r.ok) return setError(r.error ?? "Could not create the project.");
      setError(null);
      form.reset();
      router.refresh();
    });
  }
  return (
    <form onSubmit={submit} className="flex flex-wrap items-start gap-2">
      <div>
        <Input
          name="slug"
          placeholder="e.g. staging"
          required
          aria-label="New project name"
          className="w-56"
        />
        {error ? <p className="mt-1 text-xs text-red-600">{error}</p> : null}
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>
        Create project
      </Button>
    </form>
  );
}
