"use client";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import { useAction } from "@/components/ui/use-action";
import { send } from "@/lib/client/send";
import type { IssueDetail, TriageAction } from "@/lib/failures/schemas";

const triage = (issueId: string, action: TriageAction) =>
  send<IssueDetail>(`/api/v1/issues/${issueId}/triage`, "POST", action);

export function TriageActions({
  issue,
  users,
}: {
  issue: IssueDetail;
  users: { id: string; name: string }[];
}) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  const act = (action: TriageAction) =>
    run(
      () => triage(issue.id, action),
      () => router.refresh(),
    );
  const open = issue.state !== "resolved" && issue.state !== "ignored";
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="triage-actions">
      {open ? (
        <>
          <Button
            size="sm"
            disabled={pending}
            onClick={() => act({ action: "resolve" })}
            data-testid="resolve"
          >
            Resolve
          </Button>
          <Select
            aria-label="Resolve in"
            data-testid="resolve-in"
            className="h-7 max-w-48 text-xs"
            value=""
            disabled={pending}
            onChange={(e) => {
              if (e.target.value === "next") act({ action: "resolve", in_next_release: true });
              else if (e.target.value === "version") {
                const v = window.prompt(
                  "Resolved in which harness or model version? (e.g. claude-code 2.1.90)",
                );
                if (v?.trim()) act({ action: "resolve", in_version: v.trim() });
              }
            }}
          >
            <option value="">Resolve in…</option>
            <option value="next">the next release</option>
            <option value="version">a version…</option>
          </Select>
          <Select
            aria-label="Ignore"
            data-testid="ignore"
            className="h-7 max-w-44 text-xs"
            value=""
            disabled={pending}
            onChange={(e) => {
              const v = e.target.value;
              if (v === "forever") act({ action: "ignore" });
              else if (v.startsWith("count:")) act({ action: "ignore", until_count: Number(v.slice(6)) });
              else if (v.startsWith("hours:"))
                act({
                  action: "ignore",
                  until: new Date(Date.now() + Number(v.slice(6)) * 3_600_000).toISOString(),
                });
            }}
          >
            <option value="">Ignore…</option>
            <option value="forever">Ignore forever</option>
            <option value="count:10">Until 10 more failures</option>
            <option value="count:100">Until 100 more failures</option>
            <option value="hours:24">For 24 hours</option>
            <option value="hours:168">For a week</option>
          </Select>
        </>
      ) : (
        <Button
          size="sm"
          variant="secondary"
          disabled={pending}
          onClick={() => act({ action: "reopen" })}
          data-testid="reopen"
        >
          Reopen
        </Button>
      )}
      <Select
        aria-label="Assignee"
        data-testid="assign"
        className="h-7 max-w-48 text-xs"
        value={issue.assignee?.id ?? ""}
        disabled={pending}
        onChange={(e) => act({ action: "assign", user_id: e.target.value || null })}
      >
        <option value="">Unassigned</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </Select>
      <ActionError error={error} testId="triage-error" className="basis-full" />
    </div>
  );
}

export function NoteForm({ issueId }: { issueId: string }) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const text = String(new FormData(form).get("text") ?? "").trim();
    if (!text) return;
    // the text stays in the box when the server refuses it, so nothing typed is lost
    run(
      () => triage(issueId, { action: "note", text }),
      () => {
        form.reset();
        router.refresh();
      },
    );
  };
  return (
    <form onSubmit={submit} className="space-y-2">
      <textarea
        name="text"
        rows={3}
        placeholder="Add a note (Markdown)…"
        data-testid="note-text"
        className="w-full rounded-md border border-border bg-panel p-2 text-sm outline-none focus:border-accent"
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" variant="secondary" disabled={pending} data-testid="add-note">
          Add note
        </Button>
        <ActionError error={error} testId="note-error" />
      </div>
    </form>
  );
}

export function MergedIssues({
  issueId,
  merged,
  canUnmerge,
}: {
  issueId: string;
  merged: { id: string; title: string; events: number }[];
  canUnmerge: boolean;
}) {
  const router = useRouter();
  const { pending, error, run } = useAction();
  if (merged.length === 0) return null;
  return (
    <ul className="divide-y divide-border" data-testid="merged-issues">
      {error ? (
        <li className="px-5 py-2">
          <ActionError error={error} testId="unmerge-error" />
        </li>
      ) : null}
      {merged.map((m) => (
        <li key={m.id} className="flex items-center gap-3 px-5 py-2.5 text-sm">
          <span className="min-w-0 flex-1 truncate">{m.title}</span>
          <span className="text-xs text-muted tabular-nums">{m.events} failures</span>
          {canUnmerge ? (
            <Button
              size="sm"
              variant="secondary"
              disabled={pending}
              data-testid="unmerge"
              onClick={() =>
                run(
                  () => triage(issueId, { action: "unmerge", issue_id: m.id }),
                  () => router.refresh(),
                )
              }
            >
              Unmerge
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
