// What a project setting's update answers (fleet thresholds, retention): saved, or refused with the message and
// the form field it is about, for the settings form to show next to that field.
import type { z } from "zod";

export type SettingUpdate = { ok: true } | { ok: false; error: string; field?: string };

/** A setting's refusal from its schema's first issue (`fallback` when zod gives none). */
export function settingRefusal(error: z.ZodError, fallback: string): SettingUpdate {
  const issue = error.issues[0];
  return { ok: false, error: issue?.message ?? fallback, field: issue?.path[0]?.toString() };
}
