// The words of a job: what the agent thinks and says at each stage, its closing summary, and the artifacts a
// finished job leaves behind (PRs, commits, review links, reports).
import type { Rng } from "./random";
import type { Task } from "./tasks";

export type Stage = "explore" | "found" | "edit" | "verify" | "refix" | "rebuild" | "ship";

/** Lines that replace the generic ones for read-only work. */
const SAY_BY_KIND: Partial<Record<Task["kind"], Partial<Record<Stage, string[]>>>> = {
  review: {
    explore: [
      "Let me read the diff first.",
      "I'll look at how {func} is used before judging the change.",
      "Checking the tests that cover {file}.",
    ],
    verify: ["Checking out the PR and running the tests.", "Running the suite on the PR branch."],
    ship: ["Posting the review.", "Writing up the review comments."],
  },
  triage: {
    explore: [
      "Let me look at the code the report points to.",
      "Searching for where {func} handles this case.",
      "Checking recent changes to {file}.",
    ],
    verify: ["Trying to reproduce it on main.", "Running the relevant tests on main."],
    ship: ["Labelling the issue and posting my findings.", "Commenting on the issue with what I found."],
  },
  scout: {
    explore: [
      "Pulling the list of new issues.",
      "Reading the newest reports.",
      "Grouping the reports by symptom.",
    ],
    ship: ["Writing the report."],
  },
};

const fill = (s: string, t: Task) =>
  s
    .replaceAll("{func}", t.func)
    .replaceAll("{file}", t.file)
    .replaceAll("{testFile}", t.testFile)
    .replaceAll("{cause}", t.cause)
    .replaceAll("{repo}", t.repo.name)
    .replaceAll("{test}", t.repo.test)
    .replaceAll("{pr}", String(t.pr))
    .replaceAll("{issue}", String(t.issue));

const SAY: Record<Stage, string[]> = {
  explore: [
    "I'll start by finding where {func} is defined and how it's called.",
    "Let me look at {file} and its tests first.",
    "Let me search for usages of {func} across the repo.",
    "I'll check the recent history of {file} before changing anything.",
  ],
  found: [
    "Found it: {cause}.",
    "The problem is in {file}: {cause}.",
    "That explains it — {cause}. The fix is small.",
  ],
  edit: [
    "I'll fix this in {file}.",
    "Now I'll add a regression test in {testFile}.",
    "Updating {file} to handle that case.",
  ],
  verify: [
    "Running the test suite.",
    "Let me run the tests to confirm.",
    "Building and running the affected tests.",
  ],
  refix: [
    "One test still fails; the fixture in {testFile} expects the old behaviour. Updating it.",
    "The new test fails on the boundary case. Adjusting {func} for it.",
  ],
  rebuild: [
    "The build complains about a type mismatch in {file}; fixing it.",
    "The compiler flags an unused import; removing it.",
  ],
  ship: [
    "Tests pass. Committing and opening a PR.",
    "All green. Pushing the branch and opening the pull request.",
  ],
};

/** A line for the stage; undefined when the pick was already said in this job (`said` collects them). */
export function say(rng: Rng, stage: Stage, task: Task, said?: Set<string>): string | undefined {
  const line = fill(rng.pick(SAY_BY_KIND[task.kind]?.[stage] ?? SAY[stage]), task);
  if (said?.has(line)) return undefined;
  said?.add(line);
  return line;
}

const THINK: Record<"bug" | "build" | "upgrade" | "review" | "scout", string[]> = {
  bug: [
    "The report says {cause}. Before touching {file} I want to see every caller of {func}, otherwise a fix here could break the batch path.",
    "{func} is called from two places and one of them can pass an empty value. I should guard for that inside {func} and add a test for the empty case.",
    "The failing assertion is in {testFile}. If {cause}, fixing it inside {func} is the minimal change and covers both callers.",
    "CI runs `{test}`. I'll run only the affected package first to keep the loop fast, then the full suite before committing.",
  ],
  build: [
    "{file} already has a pattern for this; I'll follow it rather than invent a new abstraction.",
    "The change touches {func}. I need tests for the empty input, the boundary and the error path before I call it done.",
    "CI runs `{test}`. I'll run only the affected package first to keep the loop fast, then the full suite before committing.",
  ],
  upgrade: [
    "The changelog for {cause} lists renamed options and a stricter config type. Let me check which of those we use before changing anything.",
    "Two call sites use the deprecated option. The migration guide says to rename it; behaviour is otherwise the same.",
    "The diff is small. Let me double-check the migration guide for anything else that changed in the same release before I call this done.",
  ],
  review: [
    "The PR changes {file}. The happy path is tested, but nothing covers the retry path, and the migration has no down step.",
    "The author moved {func} without changing its behaviour; most of the diff is the move. I'll focus on the two hunks that change logic.",
  ],
  scout: [
    "Most of the new issues overnight are about the same two symptoms; I'll group them and link the likely duplicates.",
    "Three issues mention the same stack trace. That is worth flagging as urgent.",
  ],
};

const THINK_OF: Record<Task["kind"], keyof typeof THINK> = {
  fix: "bug",
  flaky: "bug",
  triage: "bug",
  security: "bug",
  poc: "bug",
  feature: "build",
  tests: "build",
  docs: "build",
  migrate: "build",
  upgrade: "upgrade",
  review: "review",
  scout: "scout",
};

export function thought(rng: Rng, task: Task): string {
  return fill(rng.pick(THINK[THINK_OF[task.kind]]), task);
}

const prUrl = (t: Task, n: number) => `https://github.com/${t.repo.name}/pull/${n}`;

export type Artifact = { kind: "pr" | "commit" | "file" | "url"; url?: string; title?: string };

/** The closing summary and artifacts of a successful job. */
export function success(
  rng: Rng,
  task: Task,
  day: string,
  n: number,
): { summary: string; artifacts: Artifact[] } {
  const sha = rng.hex(40);
  const passes =
    task.repo.lang === "tf"
      ? "`terraform validate` and `terraform plan` are clean"
      : `\`${task.repo.test}\` passes (${rng.int(40, 900)} tests)`;
  const pr = (title: string): Artifact[] => [
    { kind: "pr", url: prUrl(task, n), title },
    { kind: "commit", url: `https://github.com/${task.repo.name}/commit/${sha}`, title },
  ];
  switch (task.kind) {
    case "fix":
      return {
        summary: `Fixed: ${task.cause}. Added a regression test in ${task.testFile}; ${passes}. Opened PR #${n}.`,
        artifacts: pr(task.title),
      };
    case "flaky":
      return {
        summary: `Made ${task.testFile} deterministic (${task.cause}); it now uses a fake clock and sorted keys. Ran it 50 times without a failure. PR #${n}.`,
        artifacts: pr(task.title),
      };
    case "feature":
    case "security":
    case "migrate":
    case "upgrade":
      return {
        summary: `${task.title}: done (${task.cause}). ${rng.int(2, 14)} files changed; ${passes}. PR #${n}.`,
        artifacts: pr(task.title),
      };
    case "tests": {
      const before = rng.int(20, 60);
      return {
        summary: `Added ${rng.int(4, 16)} tests for ${task.func} (empty input, boundaries, errors). Coverage of ${task.file}: ${before}% → ${before + rng.int(15, 38)}%. PR #${n}.`,
        artifacts: pr(`Add tests for ${task.func}`),
      };
    }
    case "docs":
      return {
        summary: `${task.title}: added examples and error cases; docs build passes with no broken links. PR #${n}.`,
        artifacts: pr(task.title),
      };
    case "review": {
      const comments = rng.int(0, 9);
      const approve = rng.chance(0.6);
      return {
        summary: `Reviewed PR #${task.pr}: ${comments} comment${comments === 1 ? "" : "s"}. ${approve ? "Approved." : "Requested changes: the retry path has no test and the migration is not reversible."}`,
        artifacts: [
          {
            kind: "url",
            url: `${prUrl(task, task.pr)}#pullrequestreview-${rng.int(2_000_000_000, 3_500_000_000)}`,
            title: `Review of PR #${task.pr}`,
          },
        ],
      };
    }
    case "triage": {
      const repro = rng.chance(0.7);
      return {
        summary: repro
          ? `Reproduced #${task.issue} on main; likely cause: ${task.cause}. Labelled bug, P${rng.int(1, 3)}; queued for a fixer.`
          : `Could not reproduce #${task.issue} on main; asked the reporter for the config and version. Labelled needs-info.`,
        artifacts: [
          {
            kind: "url",
            url: `https://github.com/${task.repo.name}/issues/${task.issue}#issuecomment-${rng.int(3_000_000_000, 3_900_000_000)}`,
            title: `Triage of #${task.issue}`,
          },
        ],
      };
    }
    case "scout":
      return {
        summary: `${rng.int(3, 40)} new issues and ${rng.int(2, 30)} PRs since yesterday; ${rng.int(0, 3)} look urgent. Report written.`,
        artifacts: [
          {
            kind: "file",
            url: `s3://acme-fleet-reports/${day}/scout-${rng.hex(6)}.md`,
            title: `reports/${day}-scout.md`,
          },
        ],
      };
    case "poc":
      return {
        summary: `Confirmed ${task.cause} is not reachable from the public API; wrote a safe regression test instead of an exploit.`,
        artifacts: pr(`Add regression test for ${task.cause}`),
      };
  }
}

/** What a sub-agent is asked to do, and what it answers. */
export function subtask(rng: Rng, task: Task): { description: string; prompt: string; answer: string } {
  return rng.pick([
    {
      description: `Find all callers of ${task.func}`,
      prompt: `Search ${task.repo.name} for every call site of ${task.func}. For each, report the file, line and whether the argument can be nil/empty.`,
      answer: `${task.func} has ${rng.int(2, 9)} call sites: ${task.file}, ${task.testFile} and ${rng.int(1, 5)} in the batch path. Two of them can pass an empty value.`,
    },
    {
      description: "Review the diff for regressions",
      prompt: `Review the uncommitted diff in ${task.repo.name} for behaviour changes beyond ${task.cause}. Be specific.`,
      answer: "No unintended behaviour change. One nit: the new helper lacks a doc comment.",
    },
    {
      description: "Summarize the upstream changelog",
      prompt: `Read the changelog between the current and target versions of the dependency used by ${task.file} and list breaking changes.`,
      answer: `${rng.int(1, 4)} breaking changes affect us: renamed options, a removed default export, and stricter types on the config object.`,
    },
  ]);
}
