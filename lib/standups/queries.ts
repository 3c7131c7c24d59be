// Named queries of the standups domain, for the page, the read API and the scheduler. Each takes one params
// object with the project id.
import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { agent as agentTable, job, project } from "@/db/schema";
import { env } from "@/lib/env";
import { badRequest, notFound } from "@/lib/http/errors";
import { buildAgentStandup, buildStandup } from "./build";
import { addDays, localDay, yesterday } from "./days";
import { gatherFacts, type StandupProject } from "./facts";
import { standupToMarkdown } from "./markdown";
import type { AgentStandup, StandupResponse, StandupView } from "./schemas";

export async function getStandupProject({
  db,
  projectId,
}: {
  db: DbOrTx;
  projectId: string;
}): Promise<StandupProject> {
  const [p] = await db.select().from(project).where(eq(project.id, projectId));
  if (!p) throw notFound("No such project.");
  return p;
}

/** The day a standup page opens on: yesterday in the project's time zone. */
export const defaultStandupDay = (p: { timezone: string }, now = new Date()) => yesterday(now, p.timezone);

async function agentExists(db: DbOrTx, projectId: string, name: string): Promise<boolean> {
  const [a] = await db
    .select({ n: sql<number>`1` })
    .from(agentTable)
    .where(and(eq(agentTable.projectId, projectId), eq(agentTable.name, name)))
    .limit(1);
  if (a) return true;
  const [j] = await db
    .select({ n: sql<number>`1` })
    .from(job)
    .where(and(eq(job.projectId, projectId), eq(job.agentName, name)))
    .limit(1);
  return !!j;
}

type StandupParams = {
  db: DbOrTx;
  projectId: string;
  date?: string;
  agent?: string | null;
  now?: Date;
};

/**
 * The fleet standup (or one agent's) for a day, structured only: what the page renders (its copy button builds
 * the Markdown from this structure in the browser, so the server neither builds nor sends ~0.5 MB of it).
 */
export async function getStandupView({
  db,
  projectId,
  date,
  agent = null,
  now = new Date(),
}: StandupParams): Promise<StandupView> {
  const p = await getStandupProject({ db, projectId });
  const today = localDay(now, p.timezone);
  const day = date ?? yesterday(now, p.timezone);
  if (day > today) throw badRequest(`${day} has not begun yet in ${p.timezone} (today is ${today}).`);
  if (agent !== null && !(await agentExists(db, projectId, agent))) {
    throw notFound(`No agent "${agent}" in this project.`);
  }
  return {
    date: day,
    previous: addDays(day, -1),
    next: day < today ? addDays(day, 1) : null,
    standup: buildStandup(await gatherFacts({ db, project: p, day, agent, now })),
  };
}

/** The fleet standup (or one agent's) for a day, structured and as Markdown (the API, webhooks, prose). */
export async function getStandup({
  baseUrl = env.FLEETWATCH_URL ?? null,
  ...params
}: StandupParams & { baseUrl?: string | null }): Promise<StandupResponse> {
  const view = await getStandupView(params);
  return { ...view, markdown: standupToMarkdown(view.standup, { baseUrl }) };
}

/** One agent's standups, day by day, newest first (the agent page). */
export async function getAgentStandups({
  db,
  projectId,
  agent,
  days = 7,
  now = new Date(),
}: {
  db: DbOrTx;
  projectId: string;
  agent: string;
  days?: number;
  now?: Date;
}): Promise<{ day: string; standup: AgentStandup }[]> {
  const p = await getStandupProject({ db, projectId });
  const today = localDay(now, p.timezone);
  const list = Array.from({ length: Math.min(Math.max(days, 1), 31) }, (_, i) => addDays(today, -i));
  const out: { day: string; standup: AgentStandup }[] = [];
  for (const day of list) {
    const facts = await gatherFacts({ db, project: p, day, agent, now });
    const mine = facts.agents.find((a) => a.name === agent);
    out.push({
      day,
      standup: mine
        ? buildAgentStandup(mine, { day, timezone: p.timezone, start: facts.start, end: facts.end })
        : { agent, role: null, headline: "Nothing to report", quiet: true, sections: [] },
    });
  }
  return out;
}

/** Agent names for the page's filter, alphabetically (bounded). */
export async function listAgentNames({
  db,
  projectId,
}: {
  db: DbOrTx;
  projectId: string;
}): Promise<string[]> {
  const rows = await db
    .select({ name: agentTable.name })
    .from(agentTable)
    .where(eq(agentTable.projectId, projectId))
    .orderBy(agentTable.name)
    .limit(500);
  return rows.map((r) => r.name);
}
