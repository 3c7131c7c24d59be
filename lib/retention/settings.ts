// A project's retention: how many days raw events and transcript entries are kept, and how many days jobs,
// failure issues and rollups are. Validated here, applied by lib/retention/run.ts.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { project } from "@/db/schema";
import { type SettingUpdate, settingRefusal } from "@/lib/projects/setting-update";

const days = (what: string) =>
  z
    .number({ error: `${what} must be a number of days.` })
    .int("Whole days only.")
    .min(1, `${what} must be at least 1 day.`)
    .max(3650, `${what} must be at most 3650 days (10 years).`);

export const retentionSchema = z
  .object({
    raw_retention_days: days("Raw events retention"),
    job_retention_days: days("Jobs retention"),
  })
  .strict()
  .refine((v) => v.raw_retention_days <= v.job_retention_days, {
    message: "Raw events cannot be kept longer than jobs: a job needs its events' day to exist.",
    path: ["raw_retention_days"],
  });
export type RetentionInput = z.input<typeof retentionSchema>;

export type RetentionSettings = {
  rawRetentionDays: number;
  jobRetentionDays: number;
  rawEventsRemovedBefore: Date | null;
  rawEventsRemovedAt: Date | null;
};

export async function getRetention({ db, projectId }: { db: DbOrTx; projectId: string }) {
  const [row] = await db
    .select({
      rawRetentionDays: project.rawRetentionDays,
      jobRetentionDays: project.jobRetentionDays,
      rawEventsRemovedBefore: project.rawEventsRemovedBefore,
      rawEventsRemovedAt: project.rawEventsRemovedAt,
    })
    .from(project)
    .where(eq(project.id, projectId));
  return (row ?? null) satisfies RetentionSettings | null;
}

export type RetentionUpdate = SettingUpdate;

/** Validates and saves; the caller audits in the same transaction. */
export async function updateRetention({
  db,
  projectId,
  input,
}: {
  db: DbOrTx;
  projectId: string;
  input: unknown;
}): Promise<RetentionUpdate> {
  const parsed = retentionSchema.safeParse(input);
  if (!parsed.success) return settingRefusal(parsed.error, "Invalid retention.");
  await db
    .update(project)
    .set({
      rawRetentionDays: parsed.data.raw_retention_days,
      jobRetentionDays: parsed.data.job_retention_days,
    })
    .where(eq(project.id, projectId));
  return { ok: true };
}
