// An agent's day as a standup: done, problems, blocked, still open, spend and next, every line linked to its
// jobs or issue. Pure. Nothing is invented: a line without data is left out, a section without lines too.
import { formatCost } from "@/lib/format";
import { blockedLines } from "./blocked";
import {
  clip,
  formatTokens,
  issueLink,
  jobLink,
  jobPath,
  jobsPath,
  line,
  type Part,
  plural,
  pushArtifactParts,
  totalTokens,
  versusAverage,
  when,
} from "./lines";
import type { AgentStandup, SectionKey, StandupLine, StandupSection } from "./schemas";
import type { AgentFacts, FailureGroup, Spend } from "./types";

const TITLES: Record<SectionKey, string> = {
  done: "Done",
  problems: "Problems",
  blocked: "Blocked",
  open: "Still open",
  spend: "Spend",
  next: "Next",
};

const agentLabel = (name: string) => (name === "" ? "(no agent)" : name);
const agentParam = (name: string) => (name === "" ? undefined : name);

/** A failure group's jobs appended to `out`: linked titles with their times when few, else linked times. */
function pushFailureJobs(out: Part[], g: FailureGroup, day: string, tz: string): Part[] {
  const few = g.count <= 2;
  if (!few) out.push(`${plural(g.count, "failure")}: `);
  g.jobs.forEach((j, i) => {
    if (i > 0) out.push(", ");
    if (few) out.push(jobLink(j, 60), ` (${when(j.at, day, tz)})`);
    else out.push({ text: when(j.at, day, tz), href: jobPath(j.id) });
  });
  const rest = g.count - g.jobs.length;
  if (rest > 0) out.push(` and ${rest} more`);
  return out;
}

export function spendLines(s: Spend, succeeded: number, jobsHref: string): StandupLine[] {
  const tokens = totalTokens(s);
  const cost = s.costUsd > 0 ? formatCost(s.costUsd) : null;
  const vs = versusAverage(s);
  const out = [
    line([
      {
        text: cost ? `${cost} on ${formatTokens(tokens)} tokens` : `${formatTokens(tokens)} tokens`,
        href: jobsHref,
      },
      ` (${formatTokens(s.inputTokens)} in, ${formatTokens(s.outputTokens)} out`,
      s.cacheReadTokens + s.cacheWriteTokens > 0
        ? `, ${formatTokens(s.cacheReadTokens + s.cacheWriteTokens)} cache)`
        : ")",
      vs ? `, ${vs}` : "",
    ]),
  ];
  if (s.unpricedEvents > 0) {
    out.push(
      line([
        { text: `Cost unknown for ${plural(s.unpricedEvents, "usage report")}`, href: jobsHref },
        " (no reported cost and no price for the model)",
      ]),
    );
  }
  if (cost && succeeded > 0) {
    out.push(
      line([
        { text: `${formatCost(s.costUsd / succeeded)} per successful job`, href: jobsHref },
        ` (${plural(succeeded, "job")} succeeded)`,
      ]),
    );
  }
  return out;
}

/** The day a standup is about: its date, zone and UTC bounds (for links to the jobs list of that day). */
export type DayContext = { day: string; timezone: string; start: string; end: string };

export const dayRange = (c: DayContext) => ({ range: "custom", from: c.start, to: c.end });

function agentSections(a: AgentFacts, c: DayContext): StandupSection[] {
  const { day, timezone: tz } = c;
  const agent = agentParam(a.name);
  const dayJobs = (status?: string) => jobsPath({ agent, status, ...dayRange(c) });
  // The job's title once, then its artifacts in a word or two each: "Fix login — PR #5125 · commit 4a56764".
  const done: StandupLine[] = a.done.map((j) =>
    line(j.artifacts.length ? pushArtifactParts([jobLink(j), " — "], j.artifacts) : [jobLink(j)]),
  );
  const moreDone = a.counts.succeeded - a.done.length;
  if (moreDone > 0) done.push(line([{ text: `and ${moreDone} more succeeded`, href: dayJobs("succeeded") }]));
  if (a.counts.cancelled > 0)
    done.push(
      line([
        {
          text: `${plural(a.counts.cancelled, "job")} cancelled`,
          href: dayJobs("cancelled"),
        },
      ]),
    );

  const problems = a.failures.map((g) =>
    line(
      pushFailureJobs(
        g.issue ? [issueLink(g.issue), ` (${g.failureClass})`, " — "] : [g.failureClass, " — "],
        g,
        day,
        tz,
      ),
      [...(g.isNew ? (["new"] as const) : []), ...(g.regressed ? (["regressed"] as const) : [])],
    ),
  );
  if (a.moreFailureGroups > 0)
    problems.push(
      line([
        {
          text: `and ${plural(a.moreFailureGroups, "other kind")} of failure`,
          href: `/failures${agent ? `?${new URLSearchParams({ agent })}` : ""}`,
        },
      ]),
    );

  const blocked = blockedLines(a, c);
  // Open issues from the days before: worth a reminder, but an open issue alone does not block an agent.
  const open = a.openIssues.map((i) =>
    line([
      issueLink(i),
      ` (${[i.failureClass, i.state, i.assignee ? `assigned to ${clip(i.assignee, 40)}` : "unassigned"].join(", ")}) — last hit ${when(i.lastSeenAt, day, tz)}`,
    ]),
  );

  const spend = a.spend ? spendLines(a.spend, a.counts.succeeded, dayJobs()) : [];
  const next = a.queued.map((j) => line([jobLink(j), ` (queued ${when(j.at, day, tz)})`], ["queued"]));
  if (a.queuedCount > a.queued.length)
    next.push(
      line([
        {
          text: `and ${a.queuedCount - a.queued.length} more queued`,
          href: jobsPath({ agent, status: "queued", range: "all" }),
        },
      ]),
    );

  const all: [SectionKey, StandupLine[]][] = [
    ["done", done],
    ["problems", problems],
    ["blocked", blocked],
    ["open", open],
    ["spend", spend],
    ["next", next],
  ];
  return all
    .filter(([, lines]) => lines.length > 0)
    .map(([key, lines]) => ({ key, title: TITLES[key], lines }));
}

function headline(a: AgentFacts, sections: StandupSection[]): string {
  const count = (k: SectionKey) => sections.find((s) => s.key === k)?.lines.length ?? 0;
  const parts = [
    a.counts.succeeded ? `${a.counts.succeeded} done` : "",
    a.counts.failed ? `${a.counts.failed} failed` : "",
    count("blocked") ? `${count("blocked")} blocked` : "",
    a.spend && a.spend.costUsd > 0 ? formatCost(a.spend.costUsd) : "",
    a.queuedCount ? `${a.queuedCount} queued` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : sections.length ? "No job finished" : "Nothing to report";
}

export function buildAgentStandup(a: AgentFacts, c: DayContext): AgentStandup {
  const sections = agentSections(a, c);
  return {
    agent: agentLabel(a.name),
    role: a.role,
    headline: headline(a, sections),
    quiet: sections.length === 0,
    sections,
  };
}
