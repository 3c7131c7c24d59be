// Alerting scenarios for the engine tests: jobs, agents, destinations and rules written straight into the
// tables (the evaluator reads them like ingest left them), and readers for incidents, timeline and outbox.
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agent, alertRule, destination, incident, incidentEvent, job, notification } from "@/db/schema";

export const MIN = 60_000;

export async function addJob(
  db: Db,
  projectId: string,
  j: {
    status: "running" | "succeeded" | "failed" | "cancelled";
    startedAt: Date;
    endedAt?: Date | null;
    lastEventAt?: Date;
    agent?: string;
    model?: string;
    harness?: string;
    costUsd?: number;
    labels?: Record<string, string>;
  },
) {
  const externalId = `j-${randomUUID().slice(0, 8)}`;
  const [row] = await db
    .insert(job)
    .values({
      projectId,
      externalId,
      status: j.status,
      agentName: j.agent ?? "builder",
      model: j.model ?? "claude-sonnet-4-5",
      harness: j.harness ?? "claude-code",
      labels: j.labels ?? null,
      startedAt: j.startedAt,
      endedAt: j.endedAt ?? null,
      firstEventAt: j.startedAt,
      lastEventAt: j.lastEventAt ?? j.endedAt ?? j.startedAt,
      costUsd: j.costUsd === undefined ? null : String(j.costUsd),
    })
    .returning();
  if (!row) throw new Error("job not inserted");
  return row;
}

export async function addAgent(db: Db, projectId: string, name: string, firstSeenAt: Date, lastSeenAt: Date) {
  await db.insert(agent).values({ projectId, name, firstSeenAt, lastSeenAt });
}

export async function addDestination(db: Db, projectId: string, name = "ops") {
  const [row] = await db
    .insert(destination)
    .values({ projectId, name, kind: "webhook", config: { url: "http://127.0.0.1:9/hook", secret: "s" } })
    .returning();
  if (!row) throw new Error("destination not inserted");
  return row.id;
}

export async function addRule(db: Db, projectId: string, rule: Partial<typeof alertRule.$inferInsert>) {
  const [row] = await db
    .insert(alertRule)
    .values({ projectId, name: rule.name ?? `rule ${rule.kind}`, kind: rule.kind ?? "job_stalled", ...rule })
    .returning();
  if (!row) throw new Error("rule not inserted");
  return row;
}

export const incidentsOf = (db: Db, projectId: string) =>
  db.select().from(incident).where(eq(incident.projectId, projectId)).orderBy(asc(incident.openedAt));

export const outboxOf = (db: Db, projectId: string) =>
  db
    .select()
    .from(notification)
    .where(eq(notification.projectId, projectId))
    .orderBy(asc(notification.createdAt));

export const timelineOf = async (db: Db, incidentId: string) =>
  (
    await db
      .select()
      .from(incidentEvent)
      .where(eq(incidentEvent.incidentId, incidentId))
      .orderBy(asc(incidentEvent.id))
  ).map((e) => e.type);
