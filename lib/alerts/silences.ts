// Silences: whether one covers an incident at a moment. A silence matches on {ruleId?, agent?, model?, harness?}
// ({} = the whole project) and is active from starts_at to ends_at, or, with a cron, for duration_minutes after
// each occurrence (croner, the project's time zone) until ends_at.
import { Cron } from "croner";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { silence } from "@/db/schema";

const facet = z.string().trim().min(1).max(200);
export const silenceMatchersSchema = z
  .object({
    ruleId: z.uuid().optional(),
    agent: facet.optional(),
    model: facet.optional(),
    harness: facet.optional(),
  })
  .strict();
export type SilenceMatchers = z.infer<typeof silenceMatchersSchema>;

export type SilenceTarget = {
  ruleId: string;
  agent?: string | null;
  model?: string | null;
  harness?: string | null;
};

type SilenceRow = typeof silence.$inferSelect;

/** Whether the silence is in force at `now` (its window, or one of its cron occurrences plus duration). */
export function silenceActive(s: SilenceRow, now: Date, timeZone: string): boolean {
  if (now < s.startsAt) return false;
  if (s.endsAt && now >= s.endsAt) return false;
  if (!s.cron) return true;
  if (!s.durationMinutes || s.durationMinutes <= 0) return false;
  let cron: Cron;
  try {
    cron = new Cron(s.cron, { timezone: timeZone, paused: true });
  } catch {
    return false; // a pattern croner refuses silences nothing (the API validates it on write)
  }
  const [last] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!last) return false;
  const start = last < s.startsAt ? null : last;
  return start !== null && now.getTime() - start.getTime() < s.durationMinutes * 60_000;
}

/**
 * Whether the matchers cover the target: every set matcher must equal the target's value. An incident that
 * does not pin an agent (a project-wide rate) is not covered by a silence on one agent.
 */
export function silenceCovers(matchers: unknown, t: SilenceTarget): boolean {
  const parsed = silenceMatchersSchema.safeParse(matchers ?? {});
  if (!parsed.success) return false; // a hand-edited row silences nothing rather than everything
  const m = parsed.data;
  if (m.ruleId && m.ruleId !== t.ruleId) return false;
  if (m.agent && m.agent !== t.agent) return false;
  if (m.model && m.model !== t.model) return false;
  if (m.harness && m.harness !== t.harness) return false;
  return true;
}

/** The active silences of the project that cover the target (their ids; empty: not silenced). */
export async function coveringSilences(
  db: DbOrTx,
  projectId: string,
  timeZone: string,
  target: SilenceTarget,
  now: Date,
): Promise<string[]> {
  const rows = await db.select().from(silence).where(eq(silence.projectId, projectId));
  return rows
    .filter((s) => silenceActive(s, now, timeZone) && silenceCovers(s.matchers, target))
    .map((s) => s.id);
}
