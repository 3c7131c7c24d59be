"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { ClassBadge } from "@/components/failures/class-badge";
import { Sparkline } from "@/components/failures/sparkline";
import { IssueStateBadge } from "@/components/failures/state-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/time";
import type { IssueDetail } from "@/lib/failures/schemas";

type Props = {
  project: string;
  issueIds: string[];
  me: string;
  users: { id: string; name: string }[];
  /** false for a viewer: the queue only pages through the issues (the server refuses triage anyway) */
  canTriage: boolean;
};

export function TriageQueue({ project, issueIds, me, users, canTriage }: Props) {
  const [index, setIndex] = useState(0);
  const [done, setDone] = useState(0);
  const id = issueIds[index];
  const query = useQuery({
    queryKey: ["issue", project, id],
    enabled: !!id,
    queryFn: async () => {
      const res = await fetch(`/api/v1/issues/${id}?project=${encodeURIComponent(project)}`);
      if (!res.ok) throw new Error(`Loading the issue failed (${res.status})`);
      return (await res.json()) as IssueDetail;
    },
  });
  const next = useCallback(() => setIndex((i) => i + 1), []);
  const act = useCallback(
    async (action: object) => {
      if (!id) return;
      await fetch(`/api/v1/issues/${id}/triage?project=${encodeURIComponent(project)}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(action),
      });
      setDone((d) => d + 1);
      next();
    },
    [id, project, next],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
      if (e.key === "j" || e.key === "n") next();
      else if (e.key === "k") setIndex((i) => Math.max(0, i - 1));
      else if (!canTriage) return;
      else if (e.key === "e") void act({ action: "resolve" });
      else if (e.key === "i") void act({ action: "ignore" });
      else if (e.key === "a") void act({ action: "assign", user_id: me });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [act, next, me, canTriage]);

  if (!id) {
    return (
      <Card className="p-10 text-center" data-testid="queue-done">
        <p className="text-base font-semibold">Inbox zero</p>
        <p className="mt-1 text-sm text-muted">
          {done ? `You triaged ${done} issue${done === 1 ? "" : "s"}. ` : ""}No new or regressed issue is
          waiting.
        </p>
        <Link href="/failures" className="mt-4 inline-block text-sm text-accent hover:underline">
          Back to failures
        </Link>
      </Card>
    );
  }
  const issue = query.data;
  return (
    <div className="space-y-4" data-testid="queue">
      <p className="text-xs text-muted" data-testid="queue-position">
        Issue {index + 1} of {issueIds.length} ·{" "}
        {canTriage
          ? "e resolve · i ignore · a assign to me · j skip · k back"
          : "j next · k back · read only"}
      </p>
      {!issue ? (
        <div className="h-64 animate-pulse rounded-lg border border-border bg-panel" />
      ) : (
        <Card className="p-6">
          <div className="flex flex-wrap items-center gap-3">
            <IssueStateBadge state={issue.state} />
            <ClassBadge cls={issue.failure_class} />
            <span className="text-xs text-muted">
              {issue.events} failures · {issue.agents.length} agent{issue.agents.length === 1 ? "" : "s"} ·
              last seen <RelativeTime iso={issue.last_seen} />
            </span>
            <Sparkline values={issue.sparkline} />
          </div>
          <h2 className="mt-3 text-lg font-semibold wrap-anywhere" data-testid="queue-title">
            {issue.title}
          </h2>
          <pre className="mt-3 max-h-48 overflow-auto rounded-md bg-subtle p-3 font-mono text-xs whitespace-pre-wrap wrap-anywhere">
            {issue.sample_message}
          </pre>
          <p className="mt-3 text-xs text-muted">
            Models: {issue.models.join(", ") || "—"} · Harnesses: {issue.harnesses.join(", ") || "—"}
          </p>
          <div className="mt-5 flex flex-wrap items-center gap-2">
            {canTriage ? (
              <>
                <Button onClick={() => void act({ action: "resolve" })} data-testid="queue-resolve">
                  Resolve (e)
                </Button>
                <Button
                  variant="secondary"
                  onClick={() => void act({ action: "ignore" })}
                  data-testid="queue-ignore"
                >
                  Ignore (i)
                </Button>
                <Select
                  aria-label="Assign"
                  className="max-w-48"
                  value=""
                  onChange={(e) => void act({ action: "assign", user_id: e.target.value })}
                >
                  <option value="">Assign to…</option>
                  {users.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </Select>
              </>
            ) : null}
            <Button variant="ghost" onClick={next} data-testid="queue-skip">
              Skip (j)
            </Button>
            <Link href={`/failures/${issue.id}`} className="ml-auto text-sm text-accent hover:underline">
              Open the issue
            </Link>
          </div>
        </Card>
      )}
    </div>
  );
}
