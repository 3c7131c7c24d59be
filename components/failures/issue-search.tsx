"use client";
// The issue search box: the query language of lib/failures/search-query.ts, kept in the URL (?q=). A query that
// does not parse says why under the box; the list is not fetched until it does.
import { Search } from "lucide-react";
import type { ReactNode } from "react";
import { ISSUE_QUERY_MAX_LENGTH } from "@/lib/failures/search-query";

export const SEARCH_HELP =
  'is:unresolved|new|regressed|resolved|ignored · agent: · model: · harness: · class: · "a phrase" · -term excludes';

export function IssueSearch({
  value,
  error,
  onChange,
  aside,
}: {
  value: string | null;
  /** shown at the right of the help line on wide screens (the keyboard shortcuts) */
  aside?: ReactNode;
  /** why the query in the URL does not parse, or null */
  error: string | null;
  onChange: (q: string | null) => void;
}) {
  return (
    <form
      className="w-full"
      onSubmit={(e) => {
        e.preventDefault();
        const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
        onChange(q || null);
      }}
    >
      <div className="relative">
        <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-muted" aria-hidden />
        <input
          key={value ?? ""}
          name="q"
          type="search"
          defaultValue={value ?? ""}
          maxLength={ISSUE_QUERY_MAX_LENGTH}
          placeholder='Search issues: is:unresolved agent:scout class:timeout "connection reset"'
          aria-label="Search issues"
          aria-invalid={error ? true : undefined}
          aria-describedby="issue-search-help"
          title={SEARCH_HELP}
          data-testid="issue-search"
          className="h-9 w-full rounded-md border border-border bg-panel pr-3 pl-9 text-sm shadow-sm outline-none focus:border-accent aria-invalid:border-red-500"
        />
      </div>
      <div className="mt-1 flex items-start justify-between gap-4 text-xs">
        {error ? (
          <p role="alert" id="issue-search-help" data-testid="issue-search-error" className="text-red-600">
            {error}
          </p>
        ) : (
          <p id="issue-search-help" className="min-w-0 truncate text-muted">
            {SEARCH_HELP}
          </p>
        )}
        {aside ? <span className="hidden shrink-0 text-muted lg:inline">{aside}</span> : null}
      </div>
    </form>
  );
}
