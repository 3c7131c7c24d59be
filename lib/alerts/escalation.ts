// Escalation policies: ordered steps [{afterMinutes, destinationIds, memberIds}] and a repeat count. Step 0 goes
// out when the incident opens; step k when the incident is still unacknowledged afterMinutes after step k-1.
// After the last step the policy starts over `repeat` times (a restart waits step 0's afterMinutes, at least
// one minute). Steps count up across repeats in incident.escalation_step (the step index is k mod the length).
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { escalationPolicy, incident, incidentEvent } from "@/db/schema";
import { logger } from "@/lib/logger";
import { notifyIncident, type Recipients } from "./notify";

export const escalationStepSchema = z
  .object({
    afterMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
    destinationIds: z.array(z.uuid()).max(20).default([]),
    memberIds: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  })
  .strict()
  .refine((s) => s.destinationIds.length + s.memberIds.length > 0, {
    message: "A step notifies at least one destination or member.",
  });
export const escalationStepsSchema = z.array(escalationStepSchema).min(1).max(10);
export const escalationPolicyInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    steps: escalationStepsSchema,
    repeat: z.number().int().min(0).max(10).default(0),
  })
  .strict();
export type EscalationStep = z.infer<typeof escalationStepSchema>;
export type Policy = { id: string; steps: EscalationStep[]; repeat: number };

/** The project's policy, parsed; null when missing or malformed (then the rule's destinations are used). */
export async function loadPolicy(tx: Tx, projectId: string, policyId: string | null): Promise<Policy | null> {
  if (!policyId) return null;
  const [row] = await tx
    .select()
    .from(escalationPolicy)
    .where(and(eq(escalationPolicy.id, policyId), eq(escalationPolicy.projectId, projectId)));
  if (!row) return null;
  const steps = escalationStepsSchema.safeParse(row.steps);
  if (!steps.success) {
    logger.warn({ policyId }, "escalation policy with malformed steps ignored");
    return null;
  }
  return { id: row.id, steps: steps.data, repeat: Math.max(0, row.repeat) };
}

export function stepRecipients(policy: Policy, k: number): Recipients {
  const step = policy.steps[k % policy.steps.length] as EscalationStep;
  return { destinationIds: step.destinationIds, memberIds: step.memberIds };
}

/** When step k+1 is due, given that step k went out at `at`; null after the last step of the last repeat. */
export function nextEscalationAt(policy: Policy, k: number, at: Date): Date | null {
  const n = policy.steps.length;
  if (k + 1 >= n * (policy.repeat + 1)) return null;
  const idx = (k + 1) % n;
  const minutes = (policy.steps[idx] as EscalationStep).afterMinutes;
  return new Date(at.getTime() + (idx === 0 ? Math.max(1, minutes) : minutes) * 60_000);
}

/** Sends the next step of an unacknowledged firing incident whose next_escalation_at has passed. */
export async function escalate(
  tx: Tx,
  inc: typeof incident.$inferSelect,
  policy: Policy | null,
  now: Date,
  key: Buffer,
): Promise<boolean> {
  if (!policy) {
    await tx.update(incident).set({ nextEscalationAt: null }).where(eq(incident.id, inc.id));
    return false;
  }
  const k = inc.escalationStep + 1;
  const to = await notifyIncident(tx, {
    incident: inc,
    event: "escalate",
    tag: `escalate:${k}`,
    recipients: stepRecipients(policy, k),
    key,
    now,
  });
  await tx
    .update(incident)
    .set({ escalationStep: k, nextEscalationAt: nextEscalationAt(policy, k, now) })
    .where(eq(incident.id, inc.id));
  await tx.insert(incidentEvent).values({
    incidentId: inc.id,
    at: now,
    type: "escalated",
    actor: "system",
    detail: { step: k % policy.steps.length, round: Math.floor(k / policy.steps.length), ...to },
  });
  return true;
}
