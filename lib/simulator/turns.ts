// The turns of a job that goes to plan: explore, edit, verify (sometimes failing once first), ship.

import { EDITS } from "./code-snippets";
import { buildFailure, buildPass, targetedTest, testFailure, testPass } from "./command-outputs";
import type { JobBuilder } from "./job-builder";
import type { Stage } from "./narrative";
import type { Rng } from "./random";
import { docsUrl, type Task } from "./tasks";
import type { Tools, ToolUse } from "./tools";

export type Turn = { stage: Stage; tools: ((tools: Tools) => ToolUse)[]; subagent?: boolean };

export function testMs(b: JobBuilder): number {
  const median = { go: 12_000, ts: 35_000, py: 45_000, rust: 70_000, tf: 8_000 }[b.plan.task.repo.lang];
  return b.rng.logNormal(median, 0.5);
}

/** The turns of a job that goes to plan. */
export function planTurns(b: JobBuilder, n: number, pr: number): Turn[] {
  const { rng, plan } = b;
  const task = plan.task;
  const turns: Turn[] = [];
  if (plan.subtask) {
    for (let i = 0; i < n; i++)
      turns.push({
        stage: "explore",
        tools: [
          rng.pick([
            (x) => x.grep(task.func),
            (x) => x.read(rng.pick(task.repo.files)),
            (x) => x.glob("**/*"),
          ]),
        ],
      });
    return turns;
  }
  // Reviews, triage and research change no code; research runs nothing either.
  const readOnly = task.kind === "review" || task.kind === "triage" || task.kind === "scout";
  const explore = Math.max(1, Math.round(n * (readOnly ? 0.6 : 0.35)));
  const edit = readOnly ? 0 : Math.max(1, Math.round(n * 0.3));
  const verify = task.kind === "scout" ? 0 : Math.max(1, n - explore - edit);
  const planTool = ["claude-code", "codex", "opencode"].includes(plan.harness.name) && rng.chance(0.4);
  const web = ["upgrade", "scout", "security", "docs"].includes(task.kind);
  const sub = plan.harness.subagents && plan.depth === 0 && rng.chance(0.3) ? rng.int(0, explore - 1) : -1;
  for (let i = 0; i < explore; i++) {
    const tools: Turn["tools"] = [];
    if (i === 0 && planTool) tools.push((x) => x.plan(PLAN_STEPS[task.kind] ?? PLAN_STEPS.fix ?? []));
    if (i === sub) {
      turns.push({ stage: "explore", tools, subagent: true });
      continue;
    }
    if (i === 0 && task.kind === "review")
      tools.push((x) => x.bash(`gh pr diff ${task.pr}`, prDiff(rng, task), rng.int(800, 2500)));
    else if (i === 0 && task.kind === "scout")
      tools.push((x) =>
        x.bash(
          `gh issue list --repo ${task.repo.name} --state open --search "created:>=${plan.day}" --limit 50`,
          issueList(rng, task),
          rng.int(900, 2500),
        ),
      );
    else if (web && rng.chance(0.5))
      tools.push((x) =>
        x.fetch(
          docsUrl(task),
          `${task.dep}: ${rng.int(2, 6)} releases since the pinned version. Breaking: the \`timeout\` option is renamed \`deadline\`; the default export is removed.`,
        ),
      );
    else
      tools.push(
        rng.pick<Turn["tools"][number]>([
          (x) => x.grep(task.func),
          (x) => x.read(task.file),
          (x) => x.read(task.testFile),
          (x) => x.glob(`**/*${task.func.slice(0, 5)}*`),
        ]),
      );
    const bugLike = task.kind === "fix" || task.kind === "flaky" || task.kind === "triage";
    turns.push({ stage: bugLike && i === explore - 1 && i > 0 ? "found" : "explore", tools });
  }
  for (let i = 0; i < edit; i++) {
    let make: Turn["tools"][number];
    if (i === 0) make = (x) => x.edit(task.file);
    else if (i === 1)
      make = rng.chance(0.3)
        ? (x) => x.write(task.testFile.replace(/(\.\w+)$/, "_regression$1"), regressionTest(task))
        : (x) => x.edit(task.testFile);
    else
      make = rng.pick<Turn["tools"][number]>([
        (x) => x.read(task.file),
        (x) => x.grep(task.func),
        (x) => x.edit(task.file),
      ]);
    turns.push({ stage: "edit", tools: [make] });
  }
  const broken =
    !readOnly && verify >= 2 && rng.chance(0.4)
      ? rng.chance(0.6)
        ? testFailure(rng, task)
        : buildFailure(rng, task)
      : null;
  const checks =
    task.kind === "review"
      ? [`gh pr checkout ${task.pr} && ${task.repo.test}`, task.repo.build]
      : [targetedTest(task), task.repo.test, task.repo.build];
  let k = 0;
  for (let i = 0; i < verify; i++) {
    if (broken && i === 0) {
      turns.push({
        stage: "verify",
        tools: [(x) => x.bash(broken.command, broken.output, testMs(b), broken.exitCode)],
      });
    } else if (broken && i === 1) {
      turns.push({
        stage: broken.command === task.repo.build ? "rebuild" : "refix",
        tools: [(x) => x.edit(task.file)],
      });
    } else {
      const cmd = checks[k++ % checks.length] as string;
      const out = cmd.endsWith(task.repo.build) ? buildPass(rng, task) : testPass(rng, task);
      turns.push({ stage: "verify", tools: [(x) => x.bash(cmd, out, testMs(b))] });
    }
  }
  turns.push({ stage: "ship", tools: shipTools(b, pr) });
  return turns;
}

function regressionTest(task: Task): string {
  switch (task.repo.lang) {
    case "go":
      return `func Test${task.func.replace(/\W/g, "")}_Regression(t *testing.T) {\n\t// ${task.cause}\n}\n`;
    case "py":
      return `def test_${task.func.toLowerCase()}_regression():\n    """${task.cause}"""\n`;
    case "rust":
      return `#[test]\nfn regression() {\n    // ${task.cause}\n}\n`;
    default:
      return `it("${task.title.replaceAll('"', "'")}", () => {\n  // ${task.cause}\n});\n`;
  }
}

function shipTools(b: JobBuilder, pr: number): Turn["tools"] {
  const { rng, plan } = b;
  const t = plan.task;
  switch (t.kind) {
    case "review":
      return [
        (x) => x.bash(`gh pr review ${t.pr} --comment --body-file /tmp/review.md`, "", rng.int(900, 2500)),
      ];
    case "triage":
      return [
        (x) =>
          x.bash(
            `gh issue edit ${t.issue} --add-label bug,triaged && gh issue comment ${t.issue} --body-file /tmp/triage.md`,
            `https://github.com/${t.repo.name}/issues/${t.issue}#issuecomment-${rng.int(3e9, 3.9e9)}`,
            rng.int(1200, 3000),
          ),
      ];
    case "scout":
      return [(x) => x.write(`reports/${plan.day}-scout.md`, `# Scout report ${plan.day}\n\n- ...\n`)];
    default:
      return [
        (x) =>
          x.bash(
            `git add -A && git commit -m "${t.title.replaceAll('"', "'")}"`,
            `[${t.branch} ${rng.hex(7)}] ${t.title}\n ${rng.int(1, 9)} files changed, ${rng.int(5, 300)} insertions(+), ${rng.int(0, 120)} deletions(-)`,
            rng.int(80, 400),
          ),
        (x) =>
          x.bash(
            `git push -u origin ${t.branch}`,
            `To https://github.com/${t.repo.name}.git\n * [new branch]      ${t.branch} -> ${t.branch}`,
            rng.int(900, 3500),
          ),
        (x) =>
          x.bash(
            `gh pr create --base main --head ${t.branch} --fill`,
            `https://github.com/${t.repo.name}/pull/${pr}`,
            rng.int(1500, 4000),
          ),
      ];
  }
}

const PLAN_STEPS: Partial<Record<Task["kind"], string[]>> = {
  fix: [
    "Reproduce the bug",
    "Find the cause",
    "Fix it and add a regression test",
    "Run the suite",
    "Open a PR",
  ],
  flaky: [
    "Run the test in a loop",
    "Find the nondeterminism",
    "Make it deterministic",
    "Run it 50 times",
    "Open a PR",
  ],
  feature: ["Read the existing patterns", "Implement", "Add tests", "Update the changelog", "Open a PR"],
  review: ["Read the diff", "Check out and run the tests", "Write inline comments", "Post the review"],
  triage: ["Read the issue", "Try to reproduce", "Find the likely cause", "Label and comment"],
  upgrade: ["Read the changelog", "Bump the version", "Fix breaking changes", "Run the suite", "Open a PR"],
};

function prDiff(rng: Rng, task: Task): string {
  const [oldS, newS] = rng.pick(EDITS[task.repo.lang]);
  const line = rng.int(20, 300);
  const lines = (text: string, p: string) =>
    text
      .split("\n")
      .map((l) => p + l)
      .join("\n");
  return `diff --git a/${task.file} b/${task.file}\nindex ${rng.hex(7)}..${rng.hex(7)} 100644\n--- a/${task.file}\n+++ b/${task.file}\n@@ -${line},7 +${line},${7 + rng.int(0, 4)} @@\n${lines(oldS, "-")}\n${lines(newS, "+")}`;
}

function issueList(rng: Rng, task: Task): string {
  return rng
    .shuffle(task.repo.bugs)
    .map(
      ([bug], i) =>
        `${task.issue - i * rng.int(1, 9)}\tOPEN\t${bug}\t${rng.pick(["bug", "bug, p1", "needs-triage"])}\t${rng.int(1, 23)}h ago`,
    )
    .join("\n");
}
