// schedule_run: a scheduled run was missed or failed (lib/schedules/outcomes.ts says when). Each slot alerts once
// per rule: the slot's row in schedule_slot_alert is inserted with ON CONFLICT DO NOTHING in the tick's
// transaction, and only a slot whose row this tick inserted is new. An alerted slot keeps its incident open while
// it stays missed/failed within the look-back; a job arriving late for it (missed → late) clears it. Slots whose
// grace ended before the rule was created are not alerted on: a new rule does not page for old history.
import { and, eq, like, ne } from "drizzle-orm";
import { alertRule, incident, scheduleSlotAlert } from "@/db/schema";
import { listScheduleDefs, scheduleSlots } from "@/lib/schedules/queries";
import type { EvalContext } from "./context";
import type { Match } from "./match";
import type { RuleParams } from "./rule-schemas";

/** Slots are looked at while their grace ended within this look-back (the alerts loop runs every minute). */
export const SCHEDULE_LOOKBACK_MS = 24 * 3_600_000;
const PREFIX = "schedule:";

export const slotGroupKey = (key: string, at: Date) => `${PREFIX}${key}@${at.toISOString()}`;

function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(at);
}

export async function evalScheduleRun(c: EvalContext, p: RuleParams<"schedule_run">): Promise<Match[]> {
  const { rule, now } = c;
  const [row] = await c.db
    .select({ createdAt: alertRule.createdAt })
    .from(alertRule)
    .where(eq(alertRule.id, rule.id));
  const ruleSince = row?.createdAt ?? now;
  const from = new Date(Math.max(now.getTime() - SCHEDULE_LOOKBACK_MS, ruleSince.getTime()));
  const defs = (await listScheduleDefs({ db: c.db, projectId: rule.projectId, now })).filter(
    (d) =>
      d.enabled &&
      (p.schedule === undefined || d.key === p.schedule) &&
      (rule.filters.agent === undefined || d.agentName === rule.filters.agent),
  );
  const open = new Set(
    (
      await c.db
        .select({ groupKey: incident.groupKey })
        .from(incident)
        .where(
          and(
            eq(incident.ruleId, rule.id),
            ne(incident.status, "resolved"),
            like(incident.groupKey, `${PREFIX}%`),
          ),
        )
    ).map((i) => i.groupKey),
  );
  const out: Match[] = [];
  for (const def of defs) {
    // slots from a day before `from`: a daily slot whose grace ended after `from` started before it
    const { slots } = await scheduleSlots({
      db: c.db,
      projectId: rule.projectId,
      def,
      from: new Date(from.getTime() - SCHEDULE_LOOKBACK_MS),
      to: new Date(now.getTime() + 1),
      now,
    });
    for (const s of slots) {
      if (s.outcome !== "missed" && s.outcome !== "failed") continue;
      if (!p.outcomes.includes(s.outcome)) continue;
      // decided when the grace ended (missed) or when its job failed (approximated by the slot's grace end)
      if (s.at.getTime() + s.graceMs < from.getTime()) continue;
      const groupKey = slotGroupKey(def.key, s.at);
      const inserted = await c.db
        .insert(scheduleSlotAlert)
        .values({ ruleId: rule.id, scheduleKey: def.key, slotAt: s.at, outcome: s.outcome, alertedAt: now })
        .onConflictDoNothing()
        .returning({ slotAt: scheduleSlotAlert.slotAt });
      if (inserted.length === 0 && !open.has(groupKey)) continue; // alerted before, and closed since
      const when = localTime(s.at, def.timezone);
      out.push({
        groupKey,
        title:
          s.outcome === "missed"
            ? `Scheduled run of ${def.key} at ${when} (${def.timezone}) was missed`
            : `Scheduled run of ${def.key} at ${when} (${def.timezone}) failed (job ${s.job?.externalId})`,
        agent: s.job?.agentName ?? def.agentName,
        context: {
          schedule: def.key,
          slotAt: s.at.toISOString(),
          outcome: s.outcome,
          graceSeconds: Math.round(s.graceMs / 1000),
          jobIds: s.job ? [s.job.externalId] : [],
          agent: s.job?.agentName ?? def.agentName,
        },
      });
    }
  }
  return out;
}
