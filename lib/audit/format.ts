// How an entry's before/after reads: the fields that changed, each as "old → new". Pure, for the Settings
// table and the CSV alike.
import { type CsvColumn, csvCell } from "@/lib/costs/csv";
import type { AuditEntryView } from "./schemas";

export type FieldChange = { field: string; before: string | null; after: string | null };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A value as one short line: strings as they are, the rest as JSON; null stays null (shown as "—"). */
export function showValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * The fields that differ between before and after (a creation lists every field of after, a deletion every
 * field of before). Values that are not objects compare as one unnamed field.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) && !isRecord(after)) {
    const [b, a] = [showValue(before), showValue(after)];
    return b === a ? [] : [{ field: "", before: b, after: a }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return fields
    .map((field) => ({ field, before: showValue(b[field]), after: showValue(a[field]) }))
    .filter((c) => c.before !== c.after);
}

/** "state: ongoing → resolved; assigneeId: — → u1" */
export function changesText(before: unknown, after: unknown): string {
  return fieldChanges(before, after)
    .map((c) => `${c.field ? `${c.field}: ` : ""}${c.before ?? "—"} → ${c.after ?? "—"}`)
    .join("; ");
}

const json = (v: unknown) => (v === null || v === undefined ? "" : JSON.stringify(v));

export const AUDIT_CSV_COLUMNS: CsvColumn<AuditEntryView>[] = [
  { label: "at", value: (e) => e.at },
  { label: "actor_type", value: (e) => e.actor.type },
  { label: "actor", value: (e) => e.actor.label },
  { label: "actor_id", value: (e) => e.actor.id },
  { label: "ip", value: (e) => e.actor.ip },
  { label: "user_agent", value: (e) => e.actor.user_agent },
  { label: "action", value: (e) => e.action },
  { label: "object_type", value: (e) => e.object.type },
  { label: "object_id", value: (e) => e.object.id },
  { label: "object", value: (e) => e.object.label },
  { label: "project", value: (e) => e.project?.slug ?? e.project?.id },
  { label: "changes", value: (e) => changesText(e.before, e.after) },
  { label: "before", value: (e) => json(e.before) },
  { label: "after", value: (e) => json(e.after) },
];

export function csvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.map((c) => csvCell(c.label)).join(",")}\r\n`;
}

/** One CSV line (RFC 4180; a cell starting with = + - @ gets a leading ' so a spreadsheet shows, not runs, it). */
export function csvLine(entry: AuditEntryView): string {
  return `${AUDIT_CSV_COLUMNS.map((c) => csvCell(c.value(entry))).join(",")}\r\n`;
}
