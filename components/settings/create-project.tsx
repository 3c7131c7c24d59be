"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { switchProjectAction } from "@/components/shell/actions";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { createProjectAction } from "@/lib/projects/actions";

/**
 * Creates a project and stays on the project in view: switching is the user's own click ("Switch to it"), offered
 * while the new project is still among `existing` (not once it has been deleted again).
 */
export function CreateProjectForm({ existing }: { existing: string[] }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const slug = String(new FormData(form).get("slug") ?? "");
    startTransition(async () => {
      const r = await createProjectAction({ slug });
      if (!r.ok) {
        setCreated(null);
        return setError(r.error);
      }
      setError(null);
      setCreated(r.slug);
      form.reset();
      router.refresh();
    });
  }
  function switchTo(slug: string) {
    startTransition(async () => {
      const r = await switchProjectAction(slug);
      if (!r.ok) return setError(r.error ?? "Could not switch.");
      setCreated(null);
      queryClient.clear();
      router.refresh();
    });
  }
  return (
    <div className="space-y-3">
      <form onSubmit={submit} className="flex flex-wrap items-start gap-2">
        <div>
          <Input
            name="slug"
            placeholder="e.g. staging"
            required
            aria-label="New project name"
            className="w-56"
          />
          {error ? (
            <p className="mt-1 text-xs text-red-600" role="alert" data-testid="create-project-error">
              {error}
            </p>
          ) : null}
        </div>
        <Button type="submit" variant="secondary" disabled={pending}>
          Create project
        </Button>
      </form>
      {created && existing.includes(created) ? (
        <div
          role="status"
          data-testid="project-created"
          className="flex flex-wrap items-center gap-3 rounded-md border border-border bg-subtle px-3 py-2 text-sm"
        >
          <span>
            Project <span className="font-mono">{created}</span> created. The console still shows the project
            you were on.
          </span>
          <Button
            size="sm"
            disabled={pending}
            onClick={() => switchTo(created)}
            data-testid="switch-to-created"
          >
            Switch to it
          </Button>
        </div>
      ) : null}
    </div>
  );
}
