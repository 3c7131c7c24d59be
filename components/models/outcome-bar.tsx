import { OUTCOME_COLORS } from "@/components/overview/colors";

/** The share of each outcome in a set of jobs, as one horizontal bar. */
export function OutcomeBar({
  f,
}: {
  f: { jobs: number; succeeded: number; failed: number; cancelled: number; unfinished: number };
}) {
  if (f.jobs === 0) return <div className="h-2 rounded-full bg-subtle" />;
  const parts = (["succeeded", "failed", "cancelled", "unfinished"] as const).filter((k) => f[k] > 0);
  return (
    <div
      className="flex h-2 overflow-hidden rounded-full"
      title={parts.map((k) => `${k} ${f[k]}`).join(", ")}
    >
      {parts.map((k) => (
        <div key={k} style={{ width: `${(f[k] / f.jobs) * 100}%`, background: OUTCOME_COLORS[k] }} />
      ))}
    </div>
  );
}
