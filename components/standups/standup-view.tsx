import { Card } from "@/components/ui/card";
import { formatDay } from "@/lib/standups/days";
import type { FleetStandup } from "@/lib/standups/schemas";
import { AgentStandupView } from "./agent-standup";
import { lineKey, StandupLineView } from "./standup-line";

/** A day's standup as a person reads it: the day in a few lines, then each agent, then who was quiet. */
export function StandupView({ standup }: { standup: FleetStandup }) {
  const quietRest = standup.quiet_count - standup.quiet.length;
  return (
    <div className="space-y-5" data-testid="standup">
      <Card className="px-6 py-5">
        <p className="text-xs font-medium uppercase tracking-wider text-muted">
          {standup.agent === null ? "The day" : `${standup.agent}'s day`} · {standup.project.timezone}
        </p>
        <h2 className="mt-1 text-lg font-semibold tracking-tight" data-testid="standup-day">
          {formatDay(standup.day)}
        </h2>
        {standup.agent === null ? (
          standup.summary.length ? (
            <ul
              className="mt-3 list-disc space-y-1 pl-5 text-sm marker:text-muted"
              data-testid="standup-summary"
            >
              {standup.summary.map((l) => (
                <StandupLineView key={lineKey(l)} line={l} />
              ))}
            </ul>
          ) : (
            <p className="mt-3 text-sm text-muted" data-testid="standup-summary-empty">
              No job finished, failed or spent anything on this day.
            </p>
          )
        ) : null}
      </Card>
      {standup.agents.length ? (
        <Card className="divide-y divide-border px-6">
          {standup.agents.map((a) => (
            <AgentStandupView key={a.agent} standup={a} />
          ))}
          {standup.more_agents > 0 ? (
            <p className="py-4 text-sm text-muted">
              …and {standup.more_agents} more active agents. Filter by agent to read theirs.
            </p>
          ) : null}
        </Card>
      ) : null}
      {standup.quiet_count > 0 ? (
        <p className="px-1 text-sm text-muted" data-testid="standup-quiet">
          <span className="font-medium text-fg">Quiet:</span> {standup.quiet.join(", ")}
          {quietRest > 0 ? ` and ${quietRest} more` : ""} — nothing to report.
        </p>
      ) : null}
    </div>
  );
}
