// The fleet settings of a project: the time zone days are counted in, and when agents count as stalled or offline.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { project } from "@/db/schema";
import { type SettingUpdate, settingRefusal } from "@/lib/projects/setting-update";
import { isValidTimeZone } from "@/lib/time/zone";

const MINUTE = 60;

export const thresholdsSchema = z
  .object({
    timezone: z
      .string()
      .trim()
      .refine(isValidTimeZone, "Unknown time zone: pick an IANA zone from the list, such as Europe/Paris."),
    stall_after_seconds: z
      .number()
      .int("Whole seconds only.")
      .min(MINUTE, "Stall after must be at least 1 minute.")
      .max(24 * 60 * MINUTE, "Stall after must be at most 24 hours."),
    offline_after_seconds: z
      .number()
      .int("Whole seconds only.")
      .min(MINUTE, "Offline after must be at least 1 minute.")
      .max(7 * 24 * 60 * MINUTE, "Offline after must be at most 7 days."),
  })
  .refine((v) => v.offline_after_seconds >= v.stall_after_seconds, {
    message: "Offline after must be at least as long as stall after.",
    path: ["offline_after_seconds"],
  });
export type ThresholdsInput = z.input<typeof thresholdsSchema>;

export type UpdateResult = SettingUpdate;

/** Validates and saves a project's time zone and thresholds. */
export async function updateThresholds({
  db,
  projectId,
  input,
}: {
  db: DbOrTx;
  projectId: string;
  input: unknown;
}): Promise<UpdateResult> {
  const parsed = thresholdsSchema.safeParse(input);
  if (!parsed.success) return settingRefusal(parsed.error, "Invalid settings.");
  await db
    .update(project)
    .set({
      timezone: parsed.data.timezone,
      stallAfterSeconds: parsed.data.stall_after_seconds,
      offlineAfterSeconds: parsed.data.offline_after_seconds,
    })
    .where(eq(project.id, projectId));
  return { ok: true };
}
