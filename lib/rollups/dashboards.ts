// The dashboard rollups of migration 0010, for lib/rollups/rebuild.ts's registry (bench:scale, repair). Each
// rebuild recomputes one project's rows from the table the rollup sums; usage_daily after usage_hourly.
import type { DbOrTx } from "@/db/client";
import { rebuildJobOutcomes } from "./job-outcomes";
import { rebuildUsageDaily } from "./usage-daily";

export const REBUILDERS: {
  name: string;
  rebuild: (p: { db: DbOrTx; projectId: string }) => Promise<void>;
}[] = [
  { name: "job_outcome_hourly", rebuild: rebuildJobOutcomes },
  { name: "usage_daily", rebuild: rebuildUsageDaily },
];
