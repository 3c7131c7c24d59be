"use client";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/time";
import type { IncidentRow } from "@/lib/alerts/incident-schemas";
import { IncidentStatusBadge, SeverityBadge } from "./badges";

const HEADERS = ["Severity", "Incident", "Rule", "Group", "Opened", "Last seen", "Matches", "Status"];

/** Incidents as a table on wide screens and as stacked cards on phones. */
export function IncidentsTable({ incidents }: { incidents: IncidentRow[] }) {
  return (
    <>
      <div className="hidden overflow-x-auto rounded-lg border border-border bg-panel shadow-sm md:block">
        <table className="w-full text-left text-sm" data-testid="incidents-table">
          <thead className="border-b border-border bg-subtle/60 text-xs text-muted">
            <tr>
              {HEADERS.map((h) => (
                <th key={h} className="px-3 py-2.5 font-medium whitespace-nowrap first:pl-4">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {incidents.map((i) => (
              <tr key={i.id} className="hover:bg-subtle/50" data-testid="incident-row">
                <td className="px-3 py-2.5 pl-4">
                  <SeverityBadge severity={i.severity} />
                </td>
                <td className="max-w-[22rem] px-3 py-2.5">
                  <Link
                    href={`/alerts/${i.id}`}
                    className="block truncate font-medium hover:text-accent"
                    data-testid="incident-link"
                  >
                    {i.title}
                  </Link>
                </td>
                <td className="max-w-[12rem] truncate px-3 py-2.5 text-xs">{i.rule.name}</td>
                <td className="max-w-[12rem] truncate px-3 py-2.5 font-mono text-xs text-muted">
                  {i.group_key}
                </td>
                <td className="px-3 py-2.5 whitespace-nowrap">
                  <RelativeTime iso={i.opened_at} />
                </td>
                <td className="px-3 py-2.5 whitespace-nowrap">
                  <RelativeTime iso={i.last_seen_at} />
                </td>
                <td className="px-3 py-2.5 text-right tabular-nums">{i.match_count}</td>
                <td className="px-3 py-2.5">
                  <IncidentStatusBadge status={i.status} muted={i.muted} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-2 md:hidden" data-testid="incidents-cards">
        {incidents.map((i) => (
          <li
            key={i.id}
            className="rounded-lg border border-border bg-panel p-3 shadow-sm"
            data-testid="incident-card"
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              <SeverityBadge severity={i.severity} />
              <IncidentStatusBadge status={i.status} muted={i.muted} />
            </div>
            <Link href={`/alerts/${i.id}`} className="mt-2 block font-medium hover:text-accent">
              {i.title}
            </Link>
            <p className="mt-1 truncate text-xs text-muted">
              {i.rule.name} · <span className="font-mono">{i.group_key}</span>
            </p>
            <p className="mt-1 text-xs text-muted">
              opened <RelativeTime iso={i.opened_at} /> · last seen <RelativeTime iso={i.last_seen_at} /> ·{" "}
              {i.match_count} match{i.match_count === 1 ? "" : "es"}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
