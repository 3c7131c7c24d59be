"use client";
import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleAlert, FileUp, Loader2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ReactNode, useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import type { ImportResponse } from "@/lib/importers/schemas";

type Row = {
  name: string;
  state: "waiting" | "importing" | "done" | "error";
  result?: ImportResponse;
  error?: string;
};

// The progress rows live outside the component: importing into an empty project refreshes the page from its
// empty state to the jobs list, which mounts another ImportDrop, and the rows must survive that.
const EMPTY: Row[] = [];
const rowsByProject = new Map<string, Row[]>();
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

function useRows(project: string) {
  const rows = useSyncExternalStore(
    subscribe,
    () => rowsByProject.get(project) ?? EMPTY,
    () => EMPTY,
  );
  const setRows = useCallback(
    (update: (rows: Row[]) => Row[]) => {
      rowsByProject.set(project, update(rowsByProject.get(project) ?? EMPTY));
      for (const l of listeners) l();
    },
    [project],
  );
  return [rows, setRows] as const;
}

async function importOne(project: string, file: File): Promise<ImportResponse> {
  // The file itself is the body: the browser streams it from disk, the server reads it line by line.
  const query = new URLSearchParams({ project, file_name: file.name });
  const res = await fetch(`/api/v1/import?${query}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: file,
  });
  const body = (await res.json().catch(() => ({}))) as Partial<ImportResponse> & {
    error?: { message: string };
  };
  if (!res.ok || !body.format)
    throw new Error(body.error?.message ?? body.skipped?.[0]?.reason ?? `Import failed (${res.status})`);
  return body as ImportResponse;
}

/**
 * Drop Claude Code or Codex session files anywhere on the page (or pick them) to import them. `enabled` is false
 * for a viewer (an import is member work; the server refuses it anyway): the children alone, no drop target.
 */
export function ImportDrop({
  project,
  enabled = true,
  children,
}: {
  project: string;
  enabled?: boolean;
  children: ReactNode;
}) {
  const [dragging, setDragging] = useState(false);
  const [rows, setRows] = useRows(project);
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const router = useRouter();

  const run = useCallback(
    async (files: File[]) => {
      const start = (rowsByProject.get(project) ?? EMPTY).length;
      setRows((r) => [...r, ...files.map((f) => ({ name: f.name, state: "waiting" as const }))]);
      for (const [i, file] of files.entries()) {
        const at = start + i;
        const patch = (p: Partial<Row>) =>
          setRows((r) => r.map((row, j) => (j === at ? { ...row, ...p } : row)));
        patch({ state: "importing" });
        try {
          patch({ state: "done", result: await importOne(project, file) });
        } catch (e) {
          patch({ state: "error", error: e instanceof Error ? e.message : String(e) });
        }
      }
      await queryClient.invalidateQueries({ queryKey: ["jobs", project] });
      router.refresh();
    },
    [project, setRows, queryClient, router],
  );

  useEffect(() => {
    if (!enabled) return;
    const over = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes("Files")) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      setDragging(false);
      void run([...e.dataTransfer.files]);
    };
    window.addEventListener("dragover", over);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragover", over);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, [run, enabled]);

  if (!enabled) return <div>{children}</div>;
  return (
    <div>
      <div className="mb-4 flex items-center justify-end">
        <input
          ref={input}
          type="file"
          multiple
          accept=".jsonl,.json"
          className="hidden"
          data-testid="import-input"
          onChange={(e) => {
            if (e.target.files?.length) void run([...e.target.files]);
            e.target.value = "";
          }}
        />
        <Button variant="secondary" size="sm" onClick={() => input.current?.click()}>
          <FileUp className="size-3.5" /> Import session files
        </Button>
      </div>
      {rows.length ? (
        <ul
          className="mb-4 divide-y divide-border rounded-lg border border-border bg-panel text-xs"
          data-testid="import-progress"
        >
          {rows.map((r, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are only appended
              key={i}
              className="flex items-start gap-2 px-4 py-2"
              data-testid="import-row"
              data-state={r.state}
            >
              {r.state === "done" ? (
                <CheckCircle2 className="size-3.5 text-emerald-600" />
              ) : r.state === "error" ? (
                <CircleAlert className="size-3.5 text-red-600" />
              ) : (
                <Loader2 className="size-3.5 animate-spin text-muted" />
              )}
              <div className="min-w-0 flex-1">
                <span className="font-mono wrap-anywhere">{r.name}</span>{" "}
                <span className="text-muted">
                  {r.state === "done" && r.result
                    ? `${r.result.format}: ${r.result.accepted} new, ${r.result.duplicates} already there${r.result.rejected ? `, ${r.result.rejected} rejected` : ""}${r.result.skipped.length ? `, ${r.result.skipped.length} line(s) skipped` : ""}`
                    : r.state === "error"
                      ? r.error
                      : r.state}
                </span>
                {r.state === "done" && r.result ? <ImportedJobLinks result={r.result} /> : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {children}
      {dragging ? (
        <div className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-accent/10 backdrop-blur-sm">
          <div className="rounded-xl border-2 border-dashed border-accent bg-panel px-10 py-8 text-center shadow-lg">
            <FileUp className="mx-auto mb-2 size-8 text-accent" />
            <p className="font-medium">Drop Claude Code or Codex session files to import them</p>
          </div>
        </div>
      ) : null}
    </div>
  );
}

const JOBS_SHOWN = 5;

/** The imported jobs as links, and the Jobs page window that shows them all (they are often older than it). */
function ImportedJobLinks({ result }: { result: ImportResponse }) {
  if (result.jobs_total === 0) return null;
  const window = result.jobs_window;
  const more = result.jobs_total - Math.min(result.jobs.length, JOBS_SHOWN);
  return (
    <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-0.5" data-testid="import-jobs">
      {result.jobs.slice(0, JOBS_SHOWN).map((j) => (
        <Link
          key={j.id}
          href={`/jobs/${j.id}`}
          className="max-w-full truncate text-accent hover:underline"
          data-testid="import-job-link"
        >
          {j.title ?? j.external_id}
        </Link>
      ))}
      {more > 0 ? <span className="text-muted">and {more} more</span> : null}
      {window ? (
        <Link
          href={`/jobs?${new URLSearchParams({ range: "custom", from: window.from, to: window.to })}`}
          className="font-medium text-accent hover:underline"
          data-testid="import-show-jobs"
        >
          Show {result.jobs_total === 1 ? "it" : `all ${result.jobs_total}`} in Jobs
        </Link>
      ) : null}
    </div>
  );
}
