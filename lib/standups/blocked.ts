// What "Blocked" means in a standup: an agent that cannot go on by itself, each line with its reason. Pure.
// Exactly three things block (an open issue alone does not: it is listed under "Still open"):
// - waiting for permission: what the protocol records for it, an `agent.heartbeat` with status "waiting" (the
//   Claude Code hook sends one for a permission prompt), or a running job whose last transcript entry is the
//   runner's permission-request log ("Claude needs your permission to use Bash");
// - stalled now: a running job with no event for the project's stall time (judged at the day's end, or now for
//   the day in progress), that is not waiting for permission (a prompt nobody answers is silent, not stuck);
// - the same failure repeated: REPEATED_FAILURES failed jobs of the agent in the day with the same failure
//   fingerprint, i.e. the same issue (issues merged into one count as one; failures without an issue do not).
import { clip, issueLink, jobLink, jobsPath, line, when } from "./lines";
import type { StandupLine } from "./schemas";
import type { AgentFacts, JobRef } from "./types";

/** Failed jobs with the same fingerprint in one day that make an agent blocked: 3 is a pattern, 2 may be bad luck. */
export const REPEATED_FAILURES = 3;

type Context = { day: string; timezone: string; start: string; end: string };

export function blockedLines(a: AgentFacts, c: Context): StandupLine[] {
  const { day, timezone: tz } = c;
  const at = (iso: string) => when(iso, day, tz);
  const agent = a.name === "" ? undefined : a.name;

  const waitingIds = new Set(a.waitingJobs.map((j) => j.id));
  const waits = a.waitingJobs.map((j) =>
    line(
      ["Waiting for permission: ", jobLink(j), ` since ${at(j.at)} — “${clip(j.message, 100)}”`],
      ["waiting"],
    ),
  );
  const hb = a.waitingHeartbeat;
  if (hb && !(hb.job && waitingIds.has(hb.job.id))) {
    const job: JobRef | null = hb.job;
    if (job) waitingIds.add(job.id);
    waits.push(
      line(
        job
          ? [
              "Waiting for permission: ",
              jobLink(job),
              ` since ${at(hb.since)} — its heartbeat says “waiting”`,
            ]
          : [
              {
                text: `Waiting for permission since ${at(hb.since)}`,
                href: jobsPath({ agent, range: "custom", from: c.start, to: c.end }),
              },
              " — its last heartbeat says “waiting”",
            ],
        ["waiting"],
      ),
    );
  }

  const stalled = a.stalled
    .filter((j) => !waitingIds.has(j.id))
    .map((j) => line(["Stalled: ", jobLink(j), ` — still running, no event since ${at(j.at)}`], ["stalled"]));

  const repeated = a.failures.flatMap((g) => {
    if (!g.issue || g.count < REPEATED_FAILURES) return [];
    const last = g.jobs[0]; // the latest first
    return [
      line(
        [
          "Failing repeatedly: ",
          issueLink(g.issue),
          ` — the same failure ${g.count} times this day`,
          last ? `, last at ${at(last.at)}` : "",
        ],
        ["repeated"],
      ),
    ];
  });

  return [...waits, ...stalled, ...repeated];
}
