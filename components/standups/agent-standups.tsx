// An agent's standups day by day (the last 7 days, newest first), for the agent page. A server component:
// pass the project id (else the project in view) and the agent's name.
import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { getReadDb } from "@/db/read";
import { getCurrentProject } from "@/lib/projects/current";
import { formatDay } from "@/lib/standups/days";
import { getAgentStandups } from "@/lib/standups/queries";
import type { AgentStandup } from "@/lib/standups/schemas";
import { AgentStandupView } from "./agent-standup";

type Day = { day: string; standup: AgentStandup };

/** Consecutive quiet days fold into one line. */
function fold(days: Day[]): (Day | { quiet: string[] })[] {
  const out: (Day | { quiet: string[] })[] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (!d.standup.quiet) out.push(d);
    else if (last && "quiet" in last) last.quiet.push(d.day);
    else out.push({ quiet: [d.day] });
  }
  return out;
}

const short = (day: string) => formatDay(day).replace(/, \d{4}$/, "");

export async function AgentStandups({
  projectId,
  agent,
  days = 7,
}: {
  projectId?: string;
  agent: string;
  days?: number;
}) {
  const db = await getReadDb();
  const id = projectId ?? (await getCurrentProject(db)).current.id;
  const list = await getAgentStandups({ db, projectId: id, agent, days });
  const today = list[0]?.day;
  return (
    <Card data-testid="agent-standups">
      <CardHeader
        title="Standups"
        description={`The last ${days} days, newest first`}
        actions={
          <Link
            href={`/standups?agent=${encodeURIComponent(agent)}`}
            className="text-xs font-medium text-accent hover:underline"
          >
            Open in Standups
          </Link>
        }
      />
      <div className="divide-y divide-border px-5">
        {fold(list).map((item) =>
          "quiet" in item ? (
            <p key={item.quiet[0]} className="py-4 text-sm text-muted" data-testid="agent-standups-quiet">
              {item.quiet.length === 1
                ? short(item.quiet[0] ?? "")
                : `${short(item.quiet[item.quiet.length - 1] ?? "")} – ${short(item.quiet[0] ?? "")}`}
              : nothing to report
            </p>
          ) : (
            <AgentStandupView
              key={item.day}
              standup={item.standup}
              title={item.day === today ? `Today so far · ${short(item.day)}` : short(item.day)}
            />
          ),
        )}
      </div>
    </Card>
  );
}
