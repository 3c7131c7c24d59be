"use client";
// Read-only tables of the classification rules page: what a candidate rule would change, and the built-ins.
import { ClassBadge } from "@/components/failures/class-badge";
import { Card, CardHeader } from "@/components/ui/card";
import type { Preview, RuleView } from "@/lib/failures/rule-schemas";

/** A rule's conditions on one line. */
export function conditions(r: RuleView): string {
  const parts: string[] = [];
  if (r.error_type) parts.push(`type=${r.error_type}`);
  if (r.code) parts.push(`code=${r.code}`);
  if (r.exit_code !== null) parts.push(`exit=${r.exit_code}`);
  if (r.tool) parts.push(`tool=${r.tool}`);
  if (r.harness) parts.push(`harness=${r.harness}`);
  if (r.model) parts.push(`model=${r.model}`);
  if (r.message_pattern) parts.push(`/${r.message_pattern}/`);
  return parts.join("  ");
}

export function RulePreview({ preview }: { preview: Preview }) {
  return (
    <div className="rounded-md border border-border p-3" data-testid="rule-preview">
      <p className="text-sm font-medium">
        This rule would reclassify {preview.changed} of the last {preview.scanned} failures
      </p>
      {preview.samples.length ? (
        <div className="overflow-x-auto">
          <table className="mt-2 w-full text-xs">
            <tbody className="divide-y divide-border">
              {preview.samples.map((s) => (
                <tr key={s.job_id} data-testid="preview-sample">
                  <td className="py-1 pr-2">
                    <a className="hover:underline" href={`/jobs/${s.job_id}`}>
                      {s.title ?? s.external_id}
                    </a>
                  </td>
                  <td className="max-w-md truncate py-1 pr-2 font-mono" title={s.message}>
                    {s.message}
                  </td>
                  <td className="whitespace-nowrap py-1">
                    {s.from} → {s.to}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

export function BuiltinRules({ builtins }: { builtins: RuleView[] }) {
  return (
    <Card>
      <CardHeader title="Built-in rules" description="Shared by every project; read-only." />
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="builtin-rules">
          <thead className="text-left text-xs text-muted">
            <tr>
              <th className="px-4 py-2">Priority</th>
              <th className="px-2 py-2">Name</th>
              <th className="px-2 py-2">Class</th>
              <th className="px-4 py-2">Conditions</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {builtins.map((r) => (
              <tr key={r.id} data-testid="builtin-row">
                <td className="px-4 py-1 tabular-nums text-muted">{r.priority}</td>
                <td className="px-2 py-1">{r.name}</td>
                <td className="px-2 py-1">
                  <ClassBadge cls={r.failure_class} />
                </td>
                <td className="max-w-xl truncate px-4 py-1 font-mono text-xs" title={conditions(r)}>
                  {conditions(r)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
