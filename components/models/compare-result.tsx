import type { ReactNode } from "react";
import { ClassBadge } from "@/components/failures/class-badge";
import { formatCost, formatDuration, formatNumber } from "@/lib/format";
import type { CompareResponse, CompareSide } from "@/lib/models/schemas";
import { formatPercent, formatPoints } from "@/lib/overview/format";
import { CiBar } from "./ci-bar";
import { OutcomeBar } from "./outcome-bar";

function Row({ label, a, b, testId }: { label: string; a: ReactNode; b: ReactNode; testId: string }) {
  return (
    <tr data-testid={`compare-row-${testId}`}>
      <th scope="row" className="px-4 py-2 text-left text-xs font-medium text-muted whitespace-nowrap">
        {label}
      </th>
      <td className="px-4 py-2 tabular-nums" data-testid={`compare-a-${testId}`}>
        {a}
      </td>
      <td className="px-4 py-2 tabular-nums" data-testid={`compare-b-${testId}`}>
        {b}
      </td>
    </tr>
  );
}

const success = (s: CompareSide) => (
  <span className="inline-flex flex-col gap-0.5">
    <span>
      {formatPercent(s.success_rate)}
      {s.success_ci ? (
        <span className="text-xs text-muted">
          {" "}
          ({formatPercent(s.success_ci.low, 0)}–{formatPercent(s.success_ci.high, 0)})
        </span>
      ) : null}
    </span>
    <CiBar rate={s.success_rate} ci={s.success_ci} width={140} />
  </span>
);

const classes = (s: CompareSide) =>
  s.failure_classes.length ? (
    <span className="flex flex-wrap gap-1.5">
      {s.failure_classes.slice(0, 6).map((f) => (
        <span key={f.failure_class} className="inline-flex items-center gap-1">
          <ClassBadge cls={f.failure_class} />
          <span className="text-xs text-muted">
            {f.count} ({formatPercent(s.failed ? f.count / s.failed : null, 0)})
          </span>
        </span>
      ))}
    </span>
  ) : (
    <span className="text-muted">none</span>
  );

/** Two sides over the same work: outcomes, cost, duration, failure classes, and the shared repos or labels. */
export function CompareResult({ r }: { r: CompareResponse }) {
  const work =
    r.match === "repo" ? "repos" : r.match === "none" ? null : `values of label ${r.match.slice(6)}`;
  const diff = r.success_rate_difference;
  return (
    <div className="space-y-4" data-testid="compare-result">
      <p className="text-sm" data-testid="compare-summary">
        {work ? (
          <>
            Restricted to the <strong>{r.shared_keys}</strong> {work} both worked on in the range.{" "}
          </>
        ) : (
          "All their jobs in the range. "
        )}
        {diff === null ? (
          "Not enough finished jobs on both sides to compare success rates."
        ) : (
          <>
            <span className="font-mono">{r.a.value}</span> succeeds <strong>{formatPoints(diff)}</strong>{" "}
            against <span className="font-mono">{r.b.value}</span>
            {r.intervals_overlap
              ? "; the 95% intervals overlap, so the difference may be noise."
              : "; the 95% intervals do not overlap."}
          </>
        )}
      </p>
      <div className="overflow-x-auto rounded-lg border border-border">
        <table className="w-full text-sm">
          <thead className="border-b border-border bg-subtle/60 text-left text-xs">
            <tr>
              <th className="w-44 px-4 py-2" />
              <th className="px-4 py-2 font-mono font-medium">A: {r.a.value}</th>
              <th className="px-4 py-2 font-mono font-medium">B: {r.b.value}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            <Row
              label="Jobs (shared work / range)"
              a={`${formatNumber(r.a.jobs)} / ${formatNumber(r.a.jobs_in_range)}`}
              b={`${formatNumber(r.b.jobs)} / ${formatNumber(r.b.jobs_in_range)}`}
              testId="jobs"
            />
            <Row label="Outcomes" a={<Outcomes s={r.a} />} b={<Outcomes s={r.b} />} testId="outcomes" />
            <Row label="Success rate (95%)" a={success(r.a)} b={success(r.b)} testId="success" />
            <Row
              label="Duration p50 / p90"
              a={`${formatDuration(r.a.duration_p50_ms)} / ${formatDuration(r.a.duration_p90_ms)}`}
              b={`${formatDuration(r.b.duration_p50_ms)} / ${formatDuration(r.b.duration_p90_ms)}`}
              testId="duration"
            />
            <Row label="Spend" a={formatCost(r.a.spend_usd)} b={formatCost(r.b.spend_usd)} testId="spend" />
            <Row
              label="Cost per job"
              a={formatCost(r.a.cost_per_job_usd)}
              b={formatCost(r.b.cost_per_job_usd)}
              testId="cost-job"
            />
            <Row
              label="Cost per success"
              a={formatCost(r.a.cost_per_success_usd)}
              b={formatCost(r.b.cost_per_success_usd)}
              testId="cost-success"
            />
            <Row
              label="Mean score"
              a={r.a.mean_score === null ? "—" : `${r.a.mean_score.toFixed(2)} (${r.a.scored_jobs})`}
              b={r.b.mean_score === null ? "—" : `${r.b.mean_score.toFixed(2)} (${r.b.scored_jobs})`}
              testId="score"
            />
            <Row label="Failure classes" a={classes(r.a)} b={classes(r.b)} testId="classes" />
          </tbody>
        </table>
      </div>
      {r.keys.length ? <KeysTable r={r} /> : null}
    </div>
  );
}

function Outcomes({ s }: { s: CompareSide }) {
  return (
    <span className="flex flex-col gap-1">
      <OutcomeBar f={s} />
      <span className="text-xs text-muted">
        {s.succeeded} ok · {s.failed} failed · {s.cancelled} cancelled · {s.unfinished} open
      </span>
    </span>
  );
}

function KeysTable({ r }: { r: CompareResponse }) {
  const rate = (x: { finished: number; succeeded: number }) =>
    x.finished ? formatPercent(x.succeeded / x.finished, 0) : "—";
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-sm" data-testid="compare-keys">
        <thead className="border-b border-border bg-subtle/60 text-left text-xs text-muted">
          <tr>
            <th className="px-4 py-2 font-medium">{r.match === "repo" ? "Repo" : "Label value"}</th>
            <th className="px-4 py-2 text-right font-medium">A jobs</th>
            <th className="px-4 py-2 text-right font-medium">A success</th>
            <th className="px-4 py-2 text-right font-medium">B jobs</th>
            <th className="px-4 py-2 text-right font-medium">B success</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {r.keys.map((k) => (
            <tr key={k.key} data-testid="compare-key">
              <td className="max-w-80 truncate px-4 py-1.5 font-mono text-xs">{k.key}</td>
              <td className="px-4 py-1.5 text-right tabular-nums">{k.a.jobs}</td>
              <td className="px-4 py-1.5 text-right tabular-nums">{rate(k.a)}</td>
              <td className="px-4 py-1.5 text-right tabular-nums">{k.b.jobs}</td>
              <td className="px-4 py-1.5 text-right tabular-nums">{rate(k.b)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.shared_keys > r.keys.length ? (
        <p className="border-t border-border px-4 py-1.5 text-xs text-muted">
          The {r.keys.length} with the most jobs of {r.shared_keys} shared.
        </p>
      ) : null}
    </div>
  );
}
