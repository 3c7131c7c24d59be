// An agent's standup from facts written by hand (no database): Done lines with compact artifacts, and what
// "Blocked" means (waiting for permission, stalled now, the same failure REPEATED_FAILURES times; an open
// issue alone is not a blocker). The day is 2025-01-14 in UTC, so an instant's local time is its UTC time.
import { describe, expect, it } from "vitest";
import { REPEATED_FAILURES } from "./blocked";
import { buildAgentStandup, type DayContext } from "./build-agent";
import { artifactLabel, artifactParts, line } from "./lines";
import type { AgentFacts, FailureGroup, JobRef } from "./types";

const ctx: DayContext = {
  day: "2025-01-14",
  timezone: "UTC",
  start: "2025-01-14T00:00:00.000Z",
  end: "2025-01-15T00:00:00.000Z",
};

const job = (id: string, title: string, at: string): JobRef => ({
  id,
  externalId: `ext-${id}`,
  title,
  at: `2025-01-14T${at}:00.000Z`,
  costUsd: null,
});

const facts = (over: Partial<AgentFacts>): AgentFacts => ({
  name: "builder",
  role: null,
  counts: { succeeded: 0, failed: 0, cancelled: 0 },
  done: [],
  failures: [],
  moreFailureGroups: 0,
  stalled: [],
  waitingJobs: [],
  waitingHeartbeat: null,
  openIssues: [],
  spend: null,
  queued: [],
  queuedCount: 0,
  ...over,
});

const section = (a: AgentFacts, key: string) =>
  buildAgentStandup(a, ctx)
    .sections.find((s) => s.key === key)
    ?.lines.map((l) => l.text) ?? [];

const group = (over: Partial<FailureGroup>): FailureGroup => ({
  issue: null,
  failureClass: "rate_limit",
  count: 1,
  jobs: [],
  isNew: false,
  regressed: false,
  ...over,
});

describe("Done lines", () => {
  it("show the title once, then each artifact in a word or two, joined by a middle dot", () => {
    // What the simulator sends: a PR and its commit both titled after the job.
    const title = "Fix the login redirect loop";
    const a = facts({
      counts: { succeeded: 1, failed: 0, cancelled: 0 },
      done: [
        {
          ...job("j1", title, "09:40"),
          artifacts: [
            { kind: "pr", url: "https://github.com/acme/shop/pull/5125", title },
            { kind: "commit", url: "https://github.com/acme/shop/commit/4a56764f00dbeef", title },
          ],
        },
      ],
    });
    expect(section(a, "done")).toEqual([`${title} — PR #5125 · commit 4a56764`]);
    const [done] = buildAgentStandup(a, ctx).sections[0]?.lines ?? [];
    expect(done?.segments).toEqual([
      { text: title, href: "/jobs/j1" },
      { text: " — " },
      { text: "PR #5125", href: "https://github.com/acme/shop/pull/5125", external: true },
      { text: " · " },
      { text: "commit 4a56764", href: "https://github.com/acme/shop/commit/4a56764f00dbeef", external: true },
    ]);
  });

  it("label every kind of artifact without its title", () => {
    // Claude Code's importer titles a PR "repo#N"; GitLab says merge_requests; a review URL points at a PR.
    expect(
      artifactLabel({ kind: "pr", url: "https://gitlab.example/g/p/-/merge_requests/31", title: "x" }),
    ).toBe("PR #31");
    expect(artifactLabel({ kind: "pr", title: "acme/shop#12" })).toBe("PR #12");
    expect(artifactLabel({ kind: "pr", url: "https://example.com/review", title: "Long PR title" })).toBe(
      "PR",
    );
    expect(artifactLabel({ kind: "commit", url: "https://github.com/a/b/commit/ABCDEF1234567?w=1" })).toBe(
      "commit abcdef1",
    );
    expect(artifactLabel({ kind: "commit", title: "Fix the thing" })).toBe("commit");
    expect(
      artifactLabel({ kind: "file", url: "s3://reports/2025-01-14/scout-1a2b.md", title: "Report" }),
    ).toBe("scout-1a2b.md");
    expect(
      artifactLabel({
        kind: "url",
        url: "https://github.com/acme/shop/pull/415#pullrequestreview-2001",
        title: "Review of PR #415",
      }),
    ).toBe("PR #415");
    expect(artifactLabel({ kind: "url", url: "https://github.com/acme/shop/issues/9#issuecomment-3" })).toBe(
      "issue #9",
    );
    expect(artifactLabel({ kind: "url", url: "https://docs.example.com/a/b", title: "Docs" })).toBe(
      "docs.example.com",
    );
  });

  it("drop repeats and count what is past the fourth", () => {
    // 7 artifacts, one PR twice: 6 distinct, 4 shown, "2 more".
    const pr = { kind: "pr" as const, url: "https://github.com/a/b/pull/1" };
    const commits = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"].map((sha) => ({
      kind: "commit" as const,
      url: `https://github.com/a/b/commit/${sha}`,
    }));
    expect(line(artifactParts([pr, pr, ...commits])).text).toBe(
      "PR #1 · commit aaaaaaa · commit bbbbbbb · commit ccccccc · 2 more",
    );
  });
});

describe("Blocked", () => {
  const issue = { id: "i-rate", title: "429 rate limit exceeded", failureClass: "rate_limit", state: "new" };

  it(`is the same failure fingerprint (issue) ${REPEATED_FAILURES} times in the day, with when it last failed`, () => {
    expect(REPEATED_FAILURES).toBe(3);
    const a = facts({
      counts: { succeeded: 0, failed: 9, cancelled: 0 },
      failures: [
        // 3 failures of one issue: blocked. jobs come the latest first, so the last one is 12:00.
        group({
          issue,
          count: 3,
          jobs: [job("r3", "Sync", "12:00"), job("r2", "Sync", "11:00"), job("r1", "Sync", "10:00")],
        }),
        // 2 of another issue: bad luck, not blocked.
        group({
          issue: { ...issue, id: "i-ts", title: "TS2345", failureClass: "build_error" },
          failureClass: "build_error",
          count: 2,
          jobs: [job("t2", "Build", "14:00"), job("t1", "Build", "13:00")],
        }),
        // 4 with no issue (no fingerprint), grouped by class only: not "the same failure".
        group({ failureClass: "unknown", count: 4, jobs: [job("u1", "Odd", "15:00")] }),
      ],
    });
    expect(section(a, "blocked")).toEqual([
      "Failing repeatedly: 429 rate limit exceeded — the same failure 3 times this day, last at 12:00",
    ]);
    expect(buildAgentStandup(a, ctx).headline).toBe("9 failed · 1 blocked");
  });

  it("is a job waiting for permission, once, and a stalled job that is not waiting", () => {
    const review = job("w1", "Review PR 415", "16:05");
    const migrate = job("s1", "Migrate database", "15:05");
    const a = facts({
      // The Claude Code hook sends both a permission log and a "waiting" heartbeat naming the job: one line.
      waitingJobs: [{ ...review, message: "Claude needs your permission to use Bash" }],
      waitingHeartbeat: { since: "2025-01-14T16:05:00.000Z", job: review },
      // w1 is silent because it waits for a person: it is not also called stalled.
      stalled: [migrate, review],
    });
    expect(section(a, "blocked")).toEqual([
      "Waiting for permission: Review PR 415 since 16:05 — “Claude needs your permission to use Bash”",
      "Stalled: Migrate database — still running, no event since 15:05",
    ]);
  });

  it("is a heartbeat saying waiting, on a job that has no permission log (that job is not stalled)", () => {
    const deploy = job("d1", "Deploy staging", "18:00");
    const a = facts({
      waitingHeartbeat: { since: "2025-01-14T18:30:00.000Z", job: deploy },
      stalled: [deploy],
    });
    const lines = buildAgentStandup(a, ctx).sections.find((s) => s.key === "blocked")?.lines ?? [];
    expect(lines.map((l) => l.text)).toEqual([
      "Waiting for permission: Deploy staging since 18:30 — its heartbeat says “waiting”",
    ]);
    expect(lines[0]?.tags).toEqual(["waiting"]);
    // Without a job, the line links to the agent's jobs of the day.
    const alone = facts({
      name: "planner",
      waitingHeartbeat: { since: "2025-01-14T23:50:00.000Z", job: null },
    });
    const [l] = buildAgentStandup(alone, ctx).sections[0]?.lines ?? [];
    expect(l?.text).toBe("Waiting for permission since 23:50 — its last heartbeat says “waiting”");
    expect(l?.segments[0]?.href).toBe(
      "/jobs?agent=planner&range=custom&from=2025-01-14T00%3A00%3A00.000Z&to=2025-01-15T00%3A00%3A00.000Z",
    );
  });

  it("is not an open issue from the days before: that is listed under Still open", () => {
    const a = facts({
      openIssues: [
        {
          id: "i-git",
          title: "push rejected (non-fast-forward)",
          failureClass: "git_error",
          state: "ongoing",
          assignee: "Ada",
          lastSeenAt: "2025-01-12T10:00:00.000Z",
          events: 4,
        },
      ],
    });
    const s = buildAgentStandup(a, ctx);
    expect(s.sections.map((x) => [x.key, x.title])).toEqual([["open", "Still open"]]);
    expect(section(a, "open")).toEqual([
      "push rejected (non-fast-forward) (git_error, ongoing, assigned to Ada) — last hit Jan 12 10:00",
    ]);
    expect(s.headline).not.toContain("blocked");
  });
});
