import { formatNumber } from "@/lib/format";

const LABELS: Record<string, string> = {
  value: "Value",
  threshold: "Threshold",
  baseline: "Baseline",
  factor: "Factor",
  jobs: "Jobs",
  failed: "Failed",
  windowMinutes: "Window (min)",
  usd: "USD",
  agent: "Agent",
  model: "Model",
  harness: "Harness",
};

/** The context's figures (scalars only; the links are shown as causes), as text. */
export function IncidentFigures({ context }: { context: Record<string, unknown> }) {
  const entries = Object.entries(context).filter(
    ([k, v]) =>
      k !== "jobIds" && k !== "issueIds" && v !== null && ["number", "string", "boolean"].includes(typeof v),
  );
  if (entries.length === 0) return <p className="px-5 py-4 text-sm text-muted">No figures recorded.</p>;
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-3 px-5 py-4 sm:grid-cols-3" data-testid="incident-figures">
      {entries.slice(0, 24).map(([k, v]) => (
        <div key={k} className="min-w-0">
          <dt className="truncate text-xs text-muted">{LABELS[k] ?? k}</dt>
          <dd className="truncate text-lg font-semibold tabular-nums" data-testid={`figure-${k}`}>
            {typeof v === "number" ? formatNumber(v) : String(v)}
          </dd>
        </div>
      ))}
    </dl>
  );
}
