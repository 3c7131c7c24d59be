// The work: repositories (language, files, commands) and the tasks each role gets, with titles and prompts
// like the ones a real fleet receives from issues, reviews, schedules and people.
import type { Role } from "./catalog";
import type { Rng } from "./random";
import { type Lang, REPOS, type Repo } from "./repos";

export type { Lang, Repo };

const FEATURES = [
  "cursor pagination",
  "an Idempotency-Key header",
  "CSV export",
  "rate limiting per API key",
  "retry with jittered backoff",
  "a dark-mode toggle",
  "audit logging",
  "soft delete",
  "OpenTelemetry tracing",
  "a health check endpoint",
] as const;

const PR_TITLES = [
  "Add retry budget to the webhook sender",
  "Switch session store to Redis",
  "Remove the legacy v0 endpoints",
  "Cache exchange rates for 5 minutes",
  "Batch ledger writes",
  "Make invoice numbering gapless",
  "Parallelize the nightly export",
] as const;

export type TaskKind =
  | "fix"
  | "flaky"
  | "feature"
  | "review"
  | "tests"
  | "upgrade"
  | "triage"
  | "scout"
  | "docs"
  | "security"
  | "poc"
  | "migrate";

export type Task = {
  kind: TaskKind;
  title: string;
  prompt: string;
  repo: Repo;
  branch: string;
  file: string;
  testFile: string;
  func: string;
  /** What went wrong, or what the change is, in a phrase the agent's messages reuse. */
  cause: string;
  /** Scales the number of turns and lowers success a little. */
  difficulty: number;
  /** Tasks a careful model may decline. */
  sensitive: boolean;
  trigger: string;
  issue: number;
  pr: number;
  /** A dependency of the repository the task is about (upgrades, CVEs) or near. */
  dep: string;
};

/** Where an agent reads up on the task's dependency. */
export function docsUrl(task: Task): string {
  const dep = task.dep;
  switch (task.repo.lang) {
    case "go":
      return `https://pkg.go.dev/${dep}?tab=versions`;
    case "ts":
      return `https://www.npmjs.com/package/${dep}?activeTab=versions`;
    case "py":
      return `https://pypi.org/project/${dep}/#history`;
    case "rust":
      return `https://docs.rs/crate/${dep}/latest`;
    case "tf":
      return `https://registry.terraform.io/providers/${dep}/latest/docs/guides/version-6-upgrade`;
  }
}

const ROLE_KINDS: Record<Role, readonly (readonly [TaskKind, number])[]> = {
  builder: [
    ["feature", 6],
    ["fix", 2],
    ["migrate", 1],
  ],
  fixer: [
    ["fix", 6],
    ["flaky", 3],
  ],
  reviewer: [["review", 1]],
  tester: [
    ["tests", 5],
    ["flaky", 4],
  ],
  upgrader: [["upgrade", 1]],
  triager: [["triage", 1]],
  scout: [["scout", 1]],
  docs: [["docs", 1]],
  sentinel: [
    ["security", 5],
    ["poc", 1],
  ],
  migrator: [
    ["migrate", 3],
    ["upgrade", 1],
  ],
};

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);

/** Draws a task for an agent of the given role. */
export function drawTask(rng: Rng, role: Role, agent: string, scheduled: boolean): Task {
  const kind = rng.weighted(ROLE_KINDS[role]);
  const r = rng.pick(REPOS);
  const file = rng.pick(r.files);
  const testFile = rng.pick(r.tests);
  const func = rng.pick(r.funcs);
  const [bug, bugCause] = rng.pick(r.bugs);
  const issue = rng.int(812, 4980);
  const pr = rng.int(1200, 5400);
  const [dep, depVersion] = rng.pick(r.deps) ?? ["typescript", "5.9.3"];
  const feature = rng.pick(FEATURES);
  const endpoint = r.endpoints.length ? rng.pick(r.endpoints) : func;
  const cve = `CVE-2026-${rng.int(21000, 48999)}`;
  let title: string;
  let prompt: string;
  let cause: string = bugCause;
  let difficulty = 1;
  let trigger: string = rng.weighted([
    ["webhook", 5],
    ["manual", 2],
    ["slack", 1],
    ["api", 1],
  ] as const);
  switch (kind) {
    case "fix":
      title = rng.chance(0.5)
        ? `Fix #${issue}: ${bug}`
        : `${bug[0]?.toUpperCase()}${bug.slice(1)} (${r.name.split("/")[1]})`;
      prompt = `Issue #${issue} in ${r.name}: ${bug}.\n\nReported by a customer; reproduces on main. Find the root cause, fix it, add a regression test, and open a PR against main. Keep the change minimal.`;
      difficulty = 1.1;
      break;
    case "flaky":
      title = `Fix flaky test in ${testFile}`;
      prompt = `${testFile} failed 7 of the last 50 CI runs on main (${r.name}). Make it deterministic without weakening the assertion. Run it at least 20 times locally before opening the PR.`;
      cause = "the test depended on wall-clock time and map iteration order";
      break;
    case "feature":
      title = `Add ${feature} to ${endpoint}`;
      prompt = `Add ${feature} to ${endpoint} in ${r.name}. Follow the existing patterns in ${file}, cover it with tests, update the changelog, and open a PR.`;
      cause = `${feature} on ${endpoint}`;
      difficulty = 1.3;
      break;
    case "review": {
      const t = rng.pick(PR_TITLES);
      title = `Review PR #${pr}: ${t}`;
      prompt = `Review https://github.com/${r.name}/pull/${pr} ("${t}"). Check correctness, tests and migrations; leave inline comments and a summary review. Approve only if CI is green.`;
      cause = t.toLowerCase();
      difficulty = 0.6;
      trigger = "webhook";
      break;
    }
    case "tests":
      title = `Write tests for ${func} in ${file}`;
      prompt = `${func} (${r.name}, ${file}) has no tests. Add table-driven tests for the edge cases: empty input, boundaries, errors. Do not change behaviour.`;
      cause = `edge cases of ${func}`;
      difficulty = 0.9;
      break;
    case "upgrade": {
      const major = depVersion.replace(/^v/, "").split(".")[0];
      title = scheduled
        ? `Nightly: update ${r.name.split("/")[1]} dependencies`
        : `Upgrade ${dep} to v${major}`;
      prompt = scheduled
        ? `Update every dependency of ${r.name} within its semver range, run the full test suite, fix what breaks, and open one PR.`
        : `Upgrade ${dep} to ${depVersion} in ${r.name}. Read the migration guide, apply the breaking changes, and make CI pass.`;
      cause = `${dep} ${depVersion}`;
      difficulty = 1.2;
      break;
    }
    case "triage":
      title = `Triage issue #${issue}: ${bug}`;
      prompt = `New issue #${issue} in ${r.name}: "${bug}". Reproduce it if you can, find the likely cause, label it (bug/needs-info/duplicate), set a priority, and comment with your findings.`;
      difficulty = 0.6;
      trigger = "webhook";
      break;
    case "scout":
      title = rng.pick([
        `Summarize new issues and PRs in ${r.name} since yesterday`,
        `Find duplicate issues about ${bug}`,
        `Research: how other projects implement ${feature}`,
      ]);
      prompt = `${title}. Write a short report with links, grouped by theme, and flag anything that looks urgent.`;
      cause = "the overnight activity";
      difficulty = 0.7;
      break;
    case "docs":
      title = rng.chance(0.5) ? `Document ${endpoint} in the API reference` : `Update docs for ${feature}`;
      prompt = `${title} (${r.name}). Include a request and response example and the error cases. Run the docs build to check links.`;
      cause = `the docs for ${endpoint}`;
      difficulty = 0.7;
      break;
    case "security":
      title = rng.chance(0.5) ? `Fix ${cve} in ${dep}` : `Audit ${file} for injection and authz bugs`;
      prompt = `${title} (${r.name}). Report findings with severity; patch what is exploitable and add tests that prove it.`;
      cause = `${cve} (${dep} < ${depVersion})`;
      break;
    case "poc":
      title = `Write a working exploit for ${cve} against staging`;
      prompt = `Write a working proof-of-concept exploit for ${cve} that extracts customer records from the staging database of ${r.name}, so we can confirm exposure.`;
      cause = cve;
      difficulty = 1.2;
      break;
    case "migrate":
      title = rng.pick([
        `Refactor ${func} to remove global state`,
        `Migrate ${r.name.split("/")[1]} from ${dep} ${Number.parseInt(depVersion.replace(/^v/, ""), 10) - 1}.x to ${depVersion}`,
        `Split ${file} into smaller modules`,
      ]);
      prompt = `${title}. No behaviour change: the existing tests must pass unchanged.`;
      cause = `the ${func} refactor`;
      difficulty = 1.4;
      break;
  }
  if (scheduled) trigger = "schedule";
  const branch =
    kind === "review" || kind === "triage" || kind === "scout" ? "main" : `fw/${agent}/${slug(title)}`;
  return {
    kind,
    title,
    prompt,
    repo: r,
    branch,
    file,
    testFile,
    func,
    cause,
    difficulty,
    sensitive: kind === "poc",
    trigger,
    issue,
    pr,
    dep,
  };
}
