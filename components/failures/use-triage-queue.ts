"use client";
// The triage queue's state: which issue is shown, which ones were triaged in this visit (the "left" counter
// drops at once, before the server answers), the last change with its undo, and the server's refusals.
// A refused change puts the issue back in the queue and shows why; an undo sends {action: "undo"} for the
// activity entry the change wrote, so the server restores exactly what it replaced.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { send } from "@/lib/client/send";
import type { IssueDetail, TriageAction } from "@/lib/failures/schemas";

/** How long the Undo offer stays after a change. */
export const UNDO_MS = 10_000;

export type Verb = "resolved" | "ignored" | "assigned";
export type LastChange = {
  id: string;
  title: string;
  verb: Verb;
  /** The activity id of the change once the server took it; null when it refused. */
  done: Promise<string | null>;
};

/** The activity entry a change wrote: the issue's latest state change or assignment in the answer. */
export function changeId(issue: IssueDetail): string | null {
  return issue.activity.filter((a) => a.kind === "state_change" || a.kind === "assign").at(-1)?.id ?? null;
}

export function useTriageQueue(project: string, issueIds: string[]) {
  const queryClient = useQueryClient();
  const [index, setIndex] = useState(0);
  const [handled, setHandled] = useState<ReadonlySet<string>>(new Set());
  const [last, setLast] = useState<LastChange | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [undoing, setUndoing] = useState(false);
  const handledRef = useRef(handled);
  handledRef.current = handled;

  const url = (id: string) => `/api/v1/issues/${id}/triage?project=${encodeURIComponent(project)}`;
  // the ref changes at once, so the seek that follows in the same event already skips this issue
  const mark = (id: string, on: boolean) => {
    const next = new Set(handledRef.current);
    if (on) next.add(id);
    else next.delete(id);
    handledRef.current = next;
    setHandled(next);
  };
  /** The next issue from `from` (in `step` direction) not triaged yet; the end of the list if none. */
  const seek = useCallback(
    (from: number, step: 1 | -1) => {
      let i = from;
      while (i >= 0 && i < issueIds.length && handledRef.current.has(issueIds[i] as string)) i += step;
      return i < 0 ? Math.max(0, from - step) : i;
    },
    [issueIds],
  );
  const next = useCallback(() => setIndex((i) => seek(i + 1, 1)), [seek]);
  const back = useCallback(() => setIndex((i) => (i > 0 ? seek(i - 1, -1) : i)), [seek]);
  const show = (id: string) => setIndex(Math.max(0, issueIds.indexOf(id)));

  const act = (action: TriageAction, verb: Verb, title: string) => {
    const id = issueIds[index];
    if (!id) return;
    setError(null);
    mark(id, true);
    setIndex((i) => seek(i + 1, 1));
    const done = send<IssueDetail>(url(id), "POST", action).then((r) => {
      if (r.ok) {
        queryClient.setQueryData(["issue", project, id], r.data);
        return changeId(r.data);
      }
      // refused: back in the queue, shown again, with the server's reason
      mark(id, false);
      show(id);
      setError(r.error);
      setLast((l) => (l?.id === id ? null : l));
      return null;
    });
    setLast({ id, title, verb, done });
  };

  const undo = async () => {
    const change = last;
    if (!change || undoing) return;
    setUndoing(true);
    const activityId = await change.done;
    if (activityId) {
      const r = await send<IssueDetail>(url(change.id), "POST", { action: "undo", activity_id: activityId });
      if (r.ok) {
        queryClient.setQueryData(["issue", project, change.id], r.data);
        mark(change.id, false);
        show(change.id);
        setError(null);
      } else setError(r.error);
    }
    setLast(null);
    setUndoing(false);
  };

  // the offer lapses after a while (a later change replaces it at once)
  useEffect(() => {
    if (!last) return;
    const timer = setTimeout(() => setLast((l) => (l === last ? null : l)), UNDO_MS);
    return () => clearTimeout(timer);
  }, [last]);

  return {
    id: issueIds[index],
    index,
    total: issueIds.length,
    left: issueIds.length - handled.size,
    triaged: handled.size,
    last,
    error,
    undoing,
    next,
    back,
    act,
    undo,
    dismissError: () => setError(null),
  };
}
