// schedule_run: a scheduled run was missed or failed (lib/schedules/outcomes.ts says when). Each slot alerts once
// per rule: the slot's row in schedule_slot_alert is inserted with ON CONFLICT DO NOTHING in the tick's
// transaction, and only a slot whose row this tick inserted is new. An alerted slot keeps its incident open while
// it stays missed/failed within the look-back; a job arriving late for it (missed → late) clears it. Slots whose
// grace ended before the rule was created are not alerted on: a new rule does not page for old history.
import { and, eq, like, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertRule, incident, scheduleSlotAlert } from "@/db/schema";
import type { Slot } from "@/lib/schedules/outcomes";
import { listScheduleDefs, type ScheduleDef, scheduleSlots } from "@/lib/schedules/queries";
import type { EvalContext, EvalRule } from "./context";
import type { Match } from "./match";
import type { RuleParams } from "./rule-schemas";

/** Slots are looked at while their grace ended within this look-back (the alerts loop runs every minute). */
export const SCHEDULE_LOOKBACK_MS = 24 * 3_600_000;
const PREFIX = "schedule:";

export const slotGroupKey = (key: string, at: Date) => `${PREFIX}${key}@${at.toISOString()}`;

function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(at);
}

type BadSlot = { def: ScheduleDef; slot: Slot; match: Match };

/** The rule's schedules' slots that are missed or failed (as the rule asks) and decided in [from, now]. */
async function badSlots(
  db: DbOrTx,
  rule: EvalRule,
  p: RuleParams<"schedule_run">,
  from: Date,
  now: Date,
): Promise<BadSlot[]> {
  const defs = (await listScheduleDefs({ db, projectId: rule.projectId, now })).filter(
    (d) =>
      d.enabled &&
      (p.schedule === undefined || d.key === p.schedule) &&
      (rule.filters.agent === undefined || d.agentName === rule.filters.agent),
  );
  const out: BadSlot[] = [];
  for (const def of defs) {
    // slots from a look-back before `from`: a daily slot whose grace ended after `from` started before it
    const { slots } = await scheduleSlots({
      db,
      projectId: rule.projectId,
      def,
      from: new Date(from.getTime() - SCHEDULE_LOOKBACK_MS),
      to: new Date(now.getTime() + 1),
      now,
    });
    for (const s of slots) {
      if (s.outcome !== "missed" && s.outcome !== "failed") continue;
      if (!p.outcomes.includes(s.outcome)) continue;
      // decided when its grace ended (a failure is counted from there too)
      if (s.at.getTime() + s.graceMs < from.getTime()) continue;
      const when = localTime(s.at, def.timezone);
      out.push({
        def,
        slot: s,
        match: {
          groupKey: slotGroupKey(def.key, s.at),
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
        },
      });
    }
  }
  return out;
}

export async function evalScheduleRun(c: EvalContext, p: RuleParams<"schedule_run">): Promise<Match[]> {
  const { rule, now } = c;
  const [row] = await c.db
    .select({ createdAt: alertRule.createdAt })
    .from(alertRule)
    .where(eq(alertRule.id, rule.id));
  if (!row) return []; // not a stored rule (a backtest replays this kind with scheduleRunBacktest)
  const from = new Date(Math.max(now.getTime() - SCHEDULE_LOOKBACK_MS, row.createdAt.getTime()));
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
  for (const { def, slot, match } of await badSlots(c.db, rule, p, from, now)) {
    const inserted = await c.db
      .insert(scheduleSlotAlert)
      .values({
        ruleId: rule.id,
        scheduleKey: def.key,
        slotAt: slot.at,
        outcome: slot.outcome,
        alertedAt: now,
      })
      .onConflictDoNothing()
      .returning({ slotAt: scheduleSlotAlert.slotAt });
    if (inserted.length === 0 && !open.has(match.groupKey)) continue; // alerted before, and closed since
    out.push(match);
  }
  return out;
}

/**
 * What a schedule_run rule would have opened over [from, now]: one incident per bad slot, opened when its grace
 * ended; computed once over the span (slots are exact, no stepping), recording nothing.
 */
export async function scheduleRunBacktest(
  db: DbOrTx,
  rule: EvalRule & { kind: "schedule_run" },
  from: Date,
  now: Date,
) {
  return (await badSlots(db, rule, rule.params, from, now)).map(({ slot, match }) => ({
    group_key: match.groupKey,
    opened_at: new Date(Math.min(slot.at.getTime() + slot.graceMs, now.getTime())).toISOString(),
    resolved_at: null,
    title: match.title,
  }));
}
