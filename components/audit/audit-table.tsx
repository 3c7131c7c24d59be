"use client";
import { Fragment, useState } from "react";
import { fieldChanges } from "@/lib/audit/format";
import type { AuditEntryView } from "@/lib/audit/schemas";
import { formatDateTime } from "@/lib/format";

const LONG = 160;

/** A value cut to LONG characters, whole on hover. */
function Value({ text, className }: { text: string; className: string }) {
  return (
    <span className={className} title={text.length > LONG ? text : undefined}>
      {text.length > LONG ? `${text.slice(0, LONG)}…` : text}
    </span>
  );
}

/** What changed, field by field: "field  old → new" (a creation shows only new values, a deletion old ones). */
function Changes({ entry }: { entry: AuditEntryView }) {
  const changes = fieldChanges(entry.before, entry.after);
  if (changes.length === 0) return <span className="text-muted">—</span>;
  return (
    <ul className="space-y-0.5 text-xs" data-testid="audit-changes">
      {changes.slice(0, 6).map((c) => (
        <li key={c.field} className="break-words">
          {c.field ? <span className="font-medium text-fg">{c.field} </span> : null}
          {c.before !== null ? (
            <Value text={c.before} className="text-red-700 line-through dark:text-red-400" />
          ) : null}
          {c.before !== null && c.after !== null ? <span className="text-muted"> → </span> : null}
          {c.after !== null ? (
            <Value text={c.after} className="text-emerald-700 dark:text-emerald-400" />
          ) : null}
        </li>
      ))}
      {changes.length > 6 ? <li className="text-muted">and {changes.length - 6} more fields</li> : null}
    </ul>
  );
}

function ActorDetails({ entry }: { entry: AuditEntryView }) {
  const rows: [string, string | null][] = [
    ["Actor", `${entry.actor.label} (${entry.actor.type}${entry.actor.id ? ` ${entry.actor.id}` : ""})`],
    ["IP address", entry.actor.ip],
    ["User agent", entry.actor.user_agent],
    ["Object id", entry.object.id],
    ["At (UTC)", entry.at],
  ];
  return (
    <dl className="grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[8rem_1fr]" data-testid="audit-details">
      {rows.map(([k, v]) => (
        <Fragment key={k}>
          <dt className="text-muted">{k}</dt>
          <dd className="break-all font-mono">{v ?? "—"}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** The entries, newest first; a row opens to show where the actor was (IP, user agent) and the ids. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (entries.length === 0)
    return <p className="px-5 py-10 text-center text-sm text-muted">No entries match these filters.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[48rem] text-sm" data-testid="audit-table">
        <thead className="text-left text-xs text-muted">
          <tr className="border-b border-border">
            <th className="px-4 py-2 font-medium">Time</th>
            <th className="px-2 py-2 font-medium">Actor</th>
            <th className="px-2 py-2 font-medium">Action</th>
            <th className="px-2 py-2 font-medium">Object</th>
            <th className="px-2 py-2 font-medium">Project</th>
            <th className="px-4 py-2 font-medium">Change</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {entries.map((e) => {
            const expanded = open === e.id;
            const where = [e.actor.ip, e.actor.user_agent].filter(Boolean).join(" · ");
            return (
              <Fragment key={e.id}>
                <tr data-testid="audit-row" data-action={e.action} className="align-top">
                  <td className="whitespace-nowrap px-4 py-2 text-xs tabular-nums">
                    <time dateTime={e.at} title={`${e.at} (UTC)`} suppressHydrationWarning>
                      {formatDateTime(e.at)}
                    </time>
                  </td>
                  <td className="max-w-56 px-2 py-2">
                    <button
                      type="button"
                      onClick={() => setOpen(expanded ? null : e.id)}
                      aria-expanded={expanded}
                      title={where || "no address recorded"}
                      className="max-w-full truncate text-left hover:underline"
                      data-testid="audit-actor"
                    >
                      {e.actor.label}
                    </button>
                    <div className="text-xs text-muted">{e.actor.type}</div>
                  </td>
                  <td className="whitespace-nowrap px-2 py-2 font-mono text-xs" data-testid="audit-action">
                    {e.action}
                  </td>
                  <td className="max-w-56 px-2 py-2">
                    <div className="truncate" title={e.object.label ?? undefined} data-testid="audit-object">
                      {e.object.label ?? e.object.id ?? "—"}
                    </div>
                    <div className="text-xs text-muted">{e.object.type}</div>
                  </td>
                  <td className="px-2 py-2 text-xs">{e.project ? (e.project.slug ?? "(deleted)") : "—"}</td>
                  <td className="max-w-md px-4 py-2">
                    <Changes entry={e} />
                  </td>
                </tr>
                {expanded ? (
                  <tr className="bg-subtle/50">
                    <td colSpan={6} className="px-4 py-3">
                      <ActorDetails entry={e} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
