// Human-readable lines about a simulated fleet: progress while sending, a summary at the end.
import { FAILURE_CLASSES } from "./failures";
import type { FleetStats } from "./fleet";

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const usd = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function progressLine(s: FleetStats, handed: number, elapsedMs: number, simTime?: number): string {
  const rate = elapsedMs > 0 ? (handed * 1000) / elapsedMs : 0;
  const at = simTime ? ` · at ${new Date(simTime).toISOString().slice(0, 16).replace("T", " ")}Z` : "";
  return `sent ${int(handed)} events · ${int(s.jobs)} jobs · ${int(rate)} events/s${at}`;
}

export type DeliveryStats = {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  retries: number;
  failedBatches: number;
  failed?: number;
};

export function summaryLines(
  s: FleetStats,
  opts: { redelivered?: number; delivery?: DeliveryStats; elapsedMs: number },
): string[] {
  const running = s.jobs - s.succeeded - s.failed - s.cancelled;
  const lines = [
    `jobs        ${int(s.jobs)} started (${int(s.subagentJobs)} sub-agents, ${int(s.retryJobs)} retries): ${int(s.succeeded)} succeeded, ${int(s.failed)} failed, ${int(s.cancelled)} cancelled, ${int(running)} still running${s.queuedOnly ? `, ${int(s.queuedOnly)} queued for silent agents` : ""}`,
    `events      ${int(s.events)} generated (${int(s.heartbeats)} heartbeats)${opts.redelivered ? ` + ${int(opts.redelivered)} re-delivered on purpose` : ""}`,
  ];
  const d = opts.delivery;
  if (d) {
    lines.push(
      `delivery    ${int(d.sent)} sent: ${int(d.accepted)} accepted, ${int(d.duplicates)} duplicates, ${int(d.rejected)} rejected; ${int(d.retries)} retried requests, ${int(d.failedBatches)} failed batches${d.failed ? ` (${int(d.failed)} events lost)` : ""}`,
    );
  }
  const failures = FAILURE_CLASSES.map((c) => [c, s.failuresByClass[c] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${int(n)}`);
  lines.push(`failures    ${failures.length ? failures.join(", ") : "none"}`);
  lines.push(`spend       ${usd(s.costUsd)} at list prices`);
  lines.push(`took        ${(opts.elapsedMs / 1000).toFixed(1)} s`);
  return lines;
}
