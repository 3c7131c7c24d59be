"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { saveProjectAccessAction } from "@/lib/projects/access-actions";

type Props = {
  userId: string;
  allProjects: boolean;
  /** slugs the account is limited to */
  selected: string[];
  projects: { id: string; slug: string; name: string }[];
};

export function ProjectAccessForm({ userId, allProjects, selected, projects }: Props) {
  const router = useRouter();
  const [all, setAll] = useState(allProjects);
  const [picked, setPicked] = useState(() => new Set(selected));
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const toggle = (slug: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(slug)) next.delete(slug);
      else next.add(slug);
      return next;
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    start(async () => {
      const projectIds = projects.filter((p) => picked.has(p.slug)).map((p) => p.id);
      const r = await saveProjectAccessAction({ userId, allProjects: all, projectIds });
      setMessage(r.ok ? { ok: true, text: "Saved." } : { ok: false, text: r.error });
      if (r.ok) router.refresh();
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="access-form">
      <fieldset className="space-y-2">
        <legend className="sr-only">Scope</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="scope"
            checked={all}
            onChange={() => setAll(true)}
            data-testid="access-all"
          />
          All projects, including ones created later
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="scope"
            checked={!all}
            onChange={() => setAll(false)}
            data-testid="access-some"
          />
          Only these projects
        </label>
      </fieldset>
      <ul className="divide-y divide-border rounded-md border border-border" aria-disabled={all}>
        {projects.map((p) => (
          <li key={p.id}>
            <label
              className={`flex flex-wrap items-center gap-x-3 gap-y-0.5 px-3 py-2 text-sm ${all ? "text-muted" : ""}`}
            >
              <input
                type="checkbox"
                disabled={all}
                checked={all || picked.has(p.slug)}
                onChange={() => toggle(p.slug)}
                data-testid={`access-project-${p.slug}`}
              />
              <span className="font-medium">{p.name}</span>
              <span className="min-w-0 font-mono text-xs break-all text-muted">{p.slug}</span>
            </label>
          </li>
        ))}
      </ul>
      {!all && picked.size === 0 ? (
        <p className="text-xs text-amber-600" data-testid="access-none-warning">
          With no project picked, this account sees nothing until an admin grants one.
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending} data-testid="access-save">
          Save access
        </Button>
        {message ? (
          <span
            role={message.ok ? "status" : "alert"}
            className={`text-xs ${message.ok ? "text-muted" : "text-red-600"}`}
          >
            {message.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
