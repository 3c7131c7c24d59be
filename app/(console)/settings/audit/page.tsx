import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { listAuditEntries } from "@/lib/audit/queries";
import { auditQuerySchema, parseCursor } from "@/lib/audit/schemas";
import { isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { AuditClient } from "./client";
import { loadAuditSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser();
  const header = (
    <PageHeader
      title="Audit log"
      description="Every change made by a person or an API key: who, from where, what it was before and after. Entries cannot be edited or deleted."
    />
  );
  if (!isAdminRole(user.role)) {
    return (
      <>
        {header}
        <p role="alert" className="text-sm text-muted" data-testid="audit-admin-only">
          Only an admin can read the audit log.
        </p>
      </>
    );
  }
  const raw = await loadAuditSearchParams(searchParams);
  const parsed = auditQuerySchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null)),
  );
  if (!parsed.success) {
    return (
      <>
        {header}
        <AuditClient
          page={{ entries: [], next_cursor: null }}
          error={parsed.error.issues[0]?.message ?? "Invalid filter"}
        />
      </>
    );
  }
  const { cursor, limit, ...filters } = parsed.data;
  const page = await listAuditEntries({
    db: await getPrimaryReadDb(),
    filters,
    cursor: parseCursor(cursor),
    limit,
  });
  return (
    <>
      {header}
      <AuditClient page={page} error={null} />
    </>
  );
}
