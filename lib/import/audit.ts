// The audit entry of an import (the Jobs page's drop, POST /api/v1/import, npm run import): one per import.
import type { AuditEntry } from "@/lib/audit/record";

export type ImportSummary = {
  projectId: string;
  /** The file's name as given (a path for the CLI); cut to 500 characters. */
  fileName: string;
  bytes: number;
  format: string | null;
  /** Jobs (sessions and their sub-agents) the file's events belong to. */
  jobs: number;
  events: number;
  accepted: number;
  duplicates: number;
  rejected: number;
};

export function importAuditEntry(s: ImportSummary): AuditEntry {
  const fileName = s.fileName.slice(0, 500);
  return {
    action: "import.file",
    objectType: "import",
    objectLabel: fileName,
    projectId: s.projectId,
    after: {
      fileName,
      bytes: s.bytes,
      format: s.format,
      jobs: s.jobs,
      events: s.events,
      accepted: s.accepted,
      duplicates: s.duplicates,
      rejected: s.rejected,
    },
  };
}
