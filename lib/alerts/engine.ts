// From a rule's matches to incidents, in the tick's transaction: open one per new group key (muted when a
// silence covers it, else notified: step 0 of the policy or the rule's destinations), update the open ones
// without notifying, mark the clear ones and resolve them once clear for resolve_after_seconds (issue kinds:
// once their issues are resolved). Every transition goes on the incident's timeline.
import { and, eq, ne } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { incident, incidentEvent } from "@/db/schema";
import type { EvalRule } from "./context";
import { loadPolicy, nextEscalationAt, type Policy, stepRecipients } from "./escalation";
import { closeIncident } from "./incidents";
import { issuesResolved } from "./kinds-issues";
import { groupFacets, groupLabel, type Match } from "./match";
import { notifyIncident } from "./notify";
import { coveringSilences } from "./silences";

type IncidentRow = typeof incident.$inferSelect;
export type ApplyStats = { opened: number; updated: number; resolved: number };

export type ApplyDeps = {
  tx: Tx;
  rule: EvalRule;
  now: Date;
  key: Buffer;
  timeZone: string;
  /** Issue kinds: matches are events; absence clears nothing, resolution follows the issues. */
  eventKind: boolean;
};

/** Sends the opening notification (policy step 0, else the rule's destinations once) and plans step 1. */
async function notifyOpen(d: ApplyDeps, inc: IncidentRow, policy: Policy | null, tag: string) {
  const recipients = policy
    ? stepRecipients(policy, 0)
    : { destinationIds: d.rule.destinationIds, memberIds: [] as string[] };
  const to = await notifyIncident(d.tx, {
    incident: inc,
    event: "trigger",
    tag,
    recipients,
    key: d.key,
    now: d.now,
  });
  await d.tx
    .update(incident)
    .set({ escalationStep: 0, nextEscalationAt: policy ? nextEscalationAt(policy, 0, d.now) : null })
    .where(eq(incident.id, inc.id));
  await d.tx
    .insert(incidentEvent)
    .values({ incidentId: inc.id, at: d.now, type: "notified", actor: "system", detail: { step: 0, ...to } });
}

function merge(prior: unknown, next: Record<string, unknown>): Record<string, unknown> {
  const p = (prior ?? {}) as Record<string, unknown>;
  const union = (k: string, max: number) =>
    [
      ...new Set([...((p[k] as string[] | undefined) ?? []), ...((next[k] as string[] | undefined) ?? [])]),
    ].slice(0, max);
  return { ...p, ...next, issueIds: union("issueIds", 50), jobIds: union("jobIds", 20) };
}

const silenceTarget = (d: ApplyDeps, m: Pick<Match, "groupKey" | "agent" | "model" | "harness">) => ({
  ruleId: d.rule.id,
  ...groupFacets(m.groupKey),
  ...(m.agent ? { agent: m.agent } : {}),
  ...(m.model ? { model: m.model } : {}),
  ...(m.harness ? { harness: m.harness } : {}),
});

export async function applyMatches(d: ApplyDeps, matches: Match[]): Promise<ApplyStats> {
  const { tx, rule, now } = d;
  const stats: ApplyStats = { opened: 0, updated: 0, resolved: 0 };
  const open = await tx
    .select()
    .from(incident)
    .where(and(eq(incident.ruleId, rule.id), ne(incident.status, "resolved")))
    .orderBy(incident.groupKey)
    .for("update");
  const byKey = new Map(open.map((i) => [i.groupKey, i]));
  const seen = new Map(matches.map((m) => [m.groupKey, m]));
  let policy: Policy | null | undefined;
  const policyOf = async () => {
    policy ??= await loadPolicy(tx, rule.projectId, rule.escalationPolicyId);
    return policy;
  };
  for (const m of seen.values()) {
    const cur = byKey.get(m.groupKey);
    const summary = `${rule.name} (${groupLabel(m.groupKey)}): ${m.title}`.slice(0, 1000);
    if (cur) {
      const [row] = await tx
        .update(incident)
        .set({
          matchCount: cur.matchCount + 1,
          lastSeenAt: now,
          clearSince: null,
          title: m.title.slice(0, 300),
          summary,
          context: d.eventKind ? merge(cur.context, m.context) : m.context,
        })
        .where(eq(incident.id, cur.id))
        .returning();
      stats.updated += 1;
      if (cur.clearSince) {
        await tx
          .insert(incidentEvent)
          .values({ incidentId: cur.id, at: now, type: "recurred", actor: "system" });
      }
      // Muted when it opened, still firing, and no silence covers it any more: notify now (once).
      if (row && cur.muted && cur.status === "firing") {
        const silences = await coveringSilences(tx, rule.projectId, d.timeZone, silenceTarget(d, m), now);
        if (silences.length === 0) {
          const [unmuted] = await tx
            .update(incident)
            .set({ muted: false })
            .where(eq(incident.id, cur.id))
            .returning();
          await tx
            .insert(incidentEvent)
            .values({ incidentId: cur.id, at: now, type: "unmuted", actor: "system" });
          if (unmuted) await notifyOpen(d, unmuted, await policyOf(), "unmuted");
        }
      }
      continue;
    }
    const silences = await coveringSilences(tx, rule.projectId, d.timeZone, silenceTarget(d, m), now);
    const [inc] = await tx
      .insert(incident)
      .values({
        projectId: rule.projectId,
        ruleId: rule.id,
        groupKey: m.groupKey,
        severity: rule.severity,
        title: m.title.slice(0, 300),
        summary,
        muted: silences.length > 0,
        context: m.context,
        openedAt: now,
        lastSeenAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!inc) continue; // another evaluator opened it (cannot happen under the tick's lock; harmless)
    stats.opened += 1;
    await tx.insert(incidentEvent).values({
      incidentId: inc.id,
      at: now,
      type: "opened",
      actor: "system",
      detail: { groupKey: m.groupKey, ...m.context },
    });
    if (silences.length > 0) {
      await tx.insert(incidentEvent).values({
        incidentId: inc.id,
        at: now,
        type: "muted",
        actor: "system",
        detail: { silenceIds: silences },
      });
    } else {
      await notifyOpen(d, inc, await policyOf(), "open");
    }
  }
  for (const cur of open) {
    if (seen.has(cur.groupKey)) continue;
    if (d.eventKind) {
      const ids = ((cur.context as { issueIds?: string[] }).issueIds ?? []).filter(
        (x) => typeof x === "string",
      );
      if (await issuesResolved(tx, rule.projectId, ids)) {
        await closeIncident(tx, cur, { now, by: "system", key: d.key, reason: "its issues were resolved" });
        stats.resolved += 1;
      }
      continue;
    }
    const clearSince = cur.clearSince ?? now;
    if (!cur.clearSince) {
      await tx.update(incident).set({ clearSince: now }).where(eq(incident.id, cur.id));
      await tx
        .insert(incidentEvent)
        .values({ incidentId: cur.id, at: now, type: "cleared", actor: "system" });
    }
    if (now.getTime() - clearSince.getTime() >= rule.resolveAfterSeconds * 1000) {
      await closeIncident(tx, cur, {
        now,
        by: "system",
        key: d.key,
        reason: `the condition stayed clear for ${rule.resolveAfterSeconds}s`,
      });
      stats.resolved += 1;
    }
  }
  return stats;
}
