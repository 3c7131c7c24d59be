"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/time";
import { deleteProjectAction, renameProjectAction } from "@/lib/projects/actions";

export type ProjectRowView = { slug: string; name: string; createdAt: string; jobs: number };

type Props = { rows: ProjectRowView[]; current: string; canEdit: boolean };
type Editing = { slug: string; mode: "rename" | "delete" } | null;

export function ProjectsTable({ rows, current, canEdit }: Props) {
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div>
      {notice ? (
        <p role="status" data-testid="projects-notice" className="border-b border-border px-5 py-2.5 text-sm">
          {notice}
        </p>
      ) : null}
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="projects-table">
          <thead className="border-b border-border text-xs text-muted">
            <tr>
              <th className="px-3 py-2 sm:px-5 font-medium">Name</th>
              <th className="hidden px-3 py-2 sm:px-5 font-medium sm:table-cell">Slug</th>
              <th className="px-3 py-2 sm:px-5 text-right font-medium">Jobs</th>
              <th className="hidden px-3 py-2 sm:px-5 font-medium sm:table-cell">Created</th>
              {canEdit ? <th className="px-3 py-2 sm:px-5" /> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {rows.map((p) => (
              <ProjectRow
                key={p.slug}
                row={p}
                inView={p.slug === current}
                canEdit={canEdit}
                only={rows.length === 1}
                editing={editing?.slug === p.slug ? editing.mode : null}
                setEditing={(mode) => setEditing(mode ? { slug: p.slug, mode } : null)}
                onDone={setNotice}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ProjectRow({
  row,
  inView,
  canEdit,
  only,
  editing,
  setEditing,
  onDone,
}: {
  row: ProjectRowView;
  inView: boolean;
  canEdit: boolean;
  only: boolean;
  editing: "rename" | "delete" | null;
  setEditing: (mode: "rename" | "delete" | null) => void;
  onDone: (notice: string) => void;
}) {
  return (
    <>
      <tr data-testid={`project-row-${row.slug}`}>
        <td className="px-3 py-2.5 sm:px-5 font-medium break-words" data-testid="project-name">
          {row.name}
          {inView ? (
            <span className="ml-2 rounded bg-subtle px-1.5 py-0.5 text-[11px] font-normal whitespace-nowrap text-muted">
              in view
            </span>
          ) : null}
          {/* small screens: the slug under the name instead of a column of its own */}
          <div className="font-mono text-xs font-normal text-muted sm:hidden">{row.slug}</div>
        </td>
        <td className="hidden px-3 py-2.5 sm:px-5 font-mono text-xs sm:table-cell">{row.slug}</td>
        <td className="px-3 py-2.5 sm:px-5 text-right tabular-nums">{row.jobs.toLocaleString("en-US")}</td>
        <td className="hidden px-3 py-2.5 sm:px-5 text-xs whitespace-nowrap sm:table-cell">
          <RelativeTime iso={row.createdAt} />
        </td>
        {canEdit ? (
          <td className="px-3 py-2.5 sm:px-5 text-right whitespace-nowrap">
            <Button
              variant="ghost"
              size="sm"
              data-testid="rename-project"
              onClick={() => setEditing("rename")}
            >
              Rename
            </Button>
            <Button
              variant="danger"
              size="sm"
              className="ml-1"
              data-testid="delete-project"
              disabled={only}
              title={only ? "The only project cannot be deleted: create another one first." : undefined}
              onClick={() => setEditing("delete")}
            >
              Delete
            </Button>
          </td>
        ) : null}
      </tr>
      {editing ? (
        <tr>
          <td colSpan={5} className="bg-subtle/50 px-5 py-3">
            {editing === "rename" ? (
              <RenameForm row={row} close={() => setEditing(null)} onDone={onDone} />
            ) : (
              <DeleteForm row={row} close={() => setEditing(null)} onDone={onDone} />
            )}
          </td>
        </tr>
      ) : null}
    </>
  );
}

type FormProps = { row: ProjectRowView; close: () => void; onDone: (notice: string) => void };

function RenameForm({ row, close, onDone }: FormProps) {
  const router = useRouter();
  const [name, setName] = useState(row.name);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const r = await renameProjectAction({ slug: row.slug, name });
          if (!r.ok) return setError(r.error);
          close();
          onDone(`Renamed ${row.slug} to "${name.trim()}".`);
          router.refresh();
        });
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-label={`New name of ${row.slug}`}
          data-testid="rename-input"
          maxLength={80}
          className="w-64 max-w-full"
          autoFocus
        />
        <Button type="submit" size="sm" disabled={pending} data-testid="rename-save">
          Save name
        </Button>
        <Button variant="ghost" size="sm" onClick={close}>
          Cancel
        </Button>
      </div>
      <p className="text-xs text-muted">
        The slug <span className="font-mono">{row.slug}</span> stays: URLs, API keys and runners keep working.
      </p>
      {error ? (
        <p className="text-xs text-red-600" role="alert" data-testid="rename-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function DeleteForm({ row, close, onDone }: FormProps) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-2 text-sm"
      data-testid="delete-project-form"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const r = await deleteProjectAction({ slug: row.slug, confirm: typed });
          if (!r.ok) return setError(r.error);
          close();
          onDone(
            `Deleted ${row.slug}. Its data is being removed in the background.` +
              (r.showing ? ` The console now shows ${r.showing}.` : ""),
          );
          queryClient.clear();
          router.refresh();
        });
      }}
    >
      <p className="font-medium text-red-600">Delete {row.name}?</p>
      <p className="text-xs text-muted">
        All its data goes: {row.jobs.toLocaleString("en-US")} {row.jobs === 1 ? "job" : "jobs"} with their
        events and transcripts, issues, costs, alert rules, incidents and API keys. It disappears at once and
        its keys stop working; this cannot be undone. Type{" "}
        <span className="font-mono font-medium text-fg">{row.slug}</span> to confirm.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <Input
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-label={`Type ${row.slug} to confirm`}
          data-testid="delete-confirm-input"
          autoComplete="off"
          className="w-64 max-w-full"
          autoFocus
        />
        <Button
          type="submit"
          variant="danger"
          size="sm"
          disabled={pending || typed.trim() !== row.slug}
          data-testid="delete-confirm"
        >
          Delete this project
        </Button>
        <Button variant="ghost" size="sm" onClick={close}>
          Cancel
        </Button>
      </div>
      {error ? (
        <p className="text-xs text-red-600" role="alert" data-testid="delete-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
