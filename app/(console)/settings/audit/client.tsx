"use client";
import { useQueryStates } from "nuqs";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { AuditPage } from "@/lib/audit/schemas";
import { auditSearchParams } from "./search-params";

export function AuditClient({ page, error }: { page: AuditPage; error: string | null }) {
  // shallow: false: the server component reads the same URL and loads the page
  const [state, setState] = useQueryStates(auditSearchParams, { shallow: false, history: "push" });
  const { cursor, ...filters } = state;
  const csv = new URLSearchParams(
    Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
  return (
    <div className="space-y-4">
      <AuditFilters
        value={filters}
        onChange={(next) => setState({ ...next, cursor: null })}
        csvHref={`/api/v1/audit/csv${csv.size ? `?${csv}` : ""}`}
      />
      {error ? (
        <p role="alert" className="text-sm text-red-600" data-testid="audit-error">
          {error}
        </p>
      ) : null}
      <Card>
        <AuditTable entries={page.entries} />
        <div className="flex items-center justify-between gap-2 border-t border-border px-4 py-2 text-xs text-muted">
          <span data-testid="audit-count">
            {page.entries.length === 0
              ? "No entries"
              : `${page.entries.length} ${page.entries.length === 1 ? "entry" : "entries"}${cursor ? " (older page)" : ""}`}
          </span>
          <div className="flex gap-2">
            {cursor ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setState({ cursor: null })}
                data-testid="audit-newest"
              >
                Newest
              </Button>
            ) : null}
            {page.next_cursor ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => setState({ cursor: page.next_cursor })}
                data-testid="audit-older"
              >
                Older entries
              </Button>
            ) : null}
          </div>
        </div>
      </Card>
    </div>
  );
}
