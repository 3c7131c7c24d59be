// Facts to standup: the fleet's day in (at most) five lines, then each agent's standup, most eventful first.
// Pure. Nothing is invented: a line without data is left out, every line links to the jobs or issues it is about.
import { formatCost } from "@/lib/format";
import { buildAgentStandup, type DayContext, dayRange, spendLines } from "./build-agent";
import { issueLink, jobsPath, joined, line, type Part, plural } from "./lines";
import type { AgentStandup, FleetStandup, StandupLine } from "./schemas";
import type { AgentFacts, DayFacts } from "./types";

export { buildAgentStandup, type DayContext };

/** How much an agent's day has to say: failures and blockers weigh more than successes. */
function eventfulness(a: AgentFacts, s: AgentStandup): number {
  const blocked = s.sections.find((x) => x.key === "blocked")?.lines.length ?? 0;
  const flagged = a.failures.filter((g) => g.isNew || g.regressed).length;
  return (
    2 * a.counts.failed +
    a.counts.succeeded +
    a.counts.cancelled +
    3 * blocked +
    4 * flagged +
    a.queuedCount / 2
  );
}

const contextOf = (f: DayFacts): DayContext => ({
  day: f.day,
  timezone: f.project.timezone,
  start: f.start,
  end: f.end,
});

function summary(f: DayFacts): StandupLine[] {
  const { counts, spend } = f.fleet;
  const ctx = contextOf(f);
  const finished = counts.succeeded + counts.failed + counts.cancelled;
  const out: StandupLine[] = [];
  if (finished > 0) {
    const split = [
      `${counts.succeeded} succeeded`,
      counts.failed ? `${counts.failed} failed` : "",
      counts.cancelled ? `${counts.cancelled} cancelled` : "",
    ].filter(Boolean);
    out.push(
      line([
        {
          text: `${plural(finished, "job")} finished`,
          href: jobsPath({ agent: f.agent ?? undefined, ...dayRange(ctx) }),
        },
        f.agent === null ? ` by ${plural(f.fleet.activeAgents, "agent")}` : "",
        `: ${split.join(", ")}`,
      ]),
    );
  }
  const decided = counts.succeeded + counts.failed;
  if (decided > 0) {
    out.push(
      line([
        {
          text: `Success rate ${Math.round((counts.succeeded / decided) * 100)}%`,
          href: jobsPath({ agent: f.agent ?? undefined, status: "failed", ...dayRange(ctx) }),
        },
        ` (${counts.succeeded} of ${plural(decided, "job")} that succeeded or failed)`,
      ]),
    );
  }
  if (spend) {
    const [first] = spendLines(spend, counts.succeeded, `/costs?${new URLSearchParams(dayRange(ctx))}`);
    const perJob =
      spend.costUsd > 0 && counts.succeeded > 0
        ? `; ${formatCost(spend.costUsd / counts.succeeded)} per successful job`
        : "";
    if (first) out.push(line([{ text: "Spend " }, ...first.segments, perJob]));
  }
  if (f.fleet.classes.length > 0) {
    out.push(
      line([
        "Top failure classes: ",
        ...joined(
          f.fleet.classes.map((c) => [
            { text: `${c.failureClass} (${c.count})`, href: `/failures?class=${c.failureClass}` },
          ]),
        ),
      ]),
    );
  }
  const issueParts = (label: string, list: typeof f.fleet.newIssues, total: number): Part[] =>
    total === 0
      ? []
      : [
          `${total} ${label}: `,
          ...joined(list.map((i) => [issueLink(i)])),
          total > list.length ? ` and ${total - list.length} more` : "",
        ];
  const fresh = issueParts(
    f.fleet.newIssueCount === 1 ? "new issue" : "new issues",
    f.fleet.newIssues,
    f.fleet.newIssueCount,
  );
  const back = issueParts("regressed", f.fleet.regressedIssues, f.fleet.regressedIssueCount);
  if (fresh.length || back.length) {
    out.push(
      line(
        [...fresh, fresh.length && back.length ? "; " : "", ...back],
        [...(fresh.length ? (["new"] as const) : []), ...(back.length ? (["regressed"] as const) : [])],
      ),
    );
  }
  return out;
}

export function buildStandup(f: DayFacts): FleetStandup {
  const ctx = contextOf(f);
  const built = f.agents.map((a) => ({ a, s: buildAgentStandup(a, ctx) }));
  built.sort((x, y) => eventfulness(y.a, y.s) - eventfulness(x.a, x.s) || (x.a.name < y.a.name ? -1 : 1));
  const quiet = [...f.quiet, ...built.filter((b) => b.s.quiet).map((b) => b.s.agent)].sort();
  return {
    project: f.project,
    day: f.day,
    generated_at: f.generatedAt,
    agent: f.agent,
    summary: summary(f),
    agents: built.filter((b) => !b.s.quiet).map((b) => b.s),
    more_agents: f.moreAgents,
    quiet,
    quiet_count: f.quietCount + built.filter((b) => b.s.quiet).length,
  };
}
