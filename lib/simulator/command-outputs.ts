// What test runners, compilers and git print when they fail (and pass), per language of the repository.
import type { Rng } from "./random";
import type { Repo, Task } from "./tasks";

const base = (path: string) => path.split("/").pop() ?? path;
const pascal = (s: string) =>
  s
    .replace(/[^a-zA-Z0-9]+/g, " ")
    .trim()
    .split(" ")
    .map((w) => (w[0]?.toUpperCase() ?? "") + w.slice(1))
    .join("");
const snake = (s: string) =>
  s
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/[^a-zA-Z0-9]+/g, "_")
    .toLowerCase();
const goModule = (r: Repo) => `github.com/${r.name}`;

export type CommandResult = { command: string; output: string; exitCode: number; headline: string };

/** A passing run of the repository's test suite. */
export function testPass(rng: Rng, task: Task): string {
  const r = task.repo;
  const n = rng.int(40, 900);
  const secs = rng.float(0.4, 90).toFixed(2);
  switch (r.lang) {
    case "go":
      return [...new Set(r.files.map((f) => f.split("/").slice(0, -1).join("/")))]
        .map((p) => `ok  \t${goModule(r)}/${p}\t${rng.float(0.01, 3).toFixed(3)}s`)
        .join("\n");
    case "ts": {
      const files = rng.int(12, 60);
      return ` Test Files  ${files} passed (${files})\n      Tests  ${n} passed (${n})\n   Start at  ${rng.int(10, 23)}:${rng.int(10, 59)}:${rng.int(10, 59)}\n   Duration  ${secs}s`;
    }
    case "py":
      return `${".".repeat(rng.int(30, 70))} [100%]\n${n} passed, ${rng.int(0, 4)} skipped in ${secs}s`;
    case "rust":
      return `running ${n} tests\ntest result: ok. ${n} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in ${secs}s`;
    case "tf":
      return "Success! The configuration is valid.";
  }
}

/** A test run scoped to the file or package the job touched. */
export function targetedTest(task: Task): string {
  const dir = task.testFile.split("/").slice(0, -1).join("/") || ".";
  switch (task.repo.lang) {
    case "go":
      return `go test ./${dir}/... -count=1`;
    case "ts":
      return `npx vitest run ${task.testFile}`;
    case "py":
      return `pytest -q ${task.testFile}`;
    case "rust":
      return "cargo test --lib";
    case "tf":
      return "terraform fmt -check -recursive";
  }
}

/** A passing build, type-check or plan. */
export function buildPass(rng: Rng, task: Task): string {
  switch (task.repo.lang) {
    case "go":
      return "";
    case "ts":
      return `> next build\n\n   ▲ Next.js 16.0.3\n ✓ Compiled successfully in ${rng.float(8, 60).toFixed(1)}s\n ✓ Generating static pages (${rng.int(8, 40)}/${rng.int(40, 60)})`;
    case "py":
      return `All checks passed!\nSuccess: no issues found in ${rng.int(40, 300)} source files`;
    case "rust":
      return `   Compiling ${task.repo.name.split("/")[1]} v0.${rng.int(3, 9)}.0\n    Finished \`release\` profile [optimized] target(s) in ${rng.int(20, 140)}.${rng.int(10, 99)}s`;
    case "tf":
      return `Plan: 0 to add, ${rng.int(1, 6)} to change, 0 to destroy.`;
  }
}

export function testFailure(rng: Rng, task: Task): CommandResult {
  const r = task.repo;
  const passed = rng.int(40, 900);
  const secs = rng.float(0.4, 90).toFixed(2);
  const line = rng.int(20, 400);
  switch (r.lang) {
    case "go": {
      const test = `Test${pascal(task.func)}_${rng.pick(["PartialAmount", "EmptyInput", "Unicode", "Concurrent", "Timezone"])}`;
      const [got, want] = rng.pick([
        ["1999", "2000"],
        ["<nil>", "&Config{Port:8080}"],
        ["500", "200"],
        ["3", "4"],
      ] as const);
      const pkg = task.testFile.split("/").slice(0, -1).join("/") || ".";
      const headline = `--- FAIL: ${test} (0.0${rng.int(0, 9)}s)\n    ${base(task.testFile)}:${line}: got ${got}, want ${want}`;
      return {
        command: "go test ./...",
        headline,
        exitCode: 1,
        output: `${headline}\nFAIL\nFAIL\t${goModule(r)}/${pkg}\t${rng.float(0.1, 2).toFixed(3)}s\nok  \t${goModule(r)}/pkg/money\t0.0${rng.int(10, 99)}s\nFAIL`,
      };
    }
    case "ts": {
      const [got, want] = rng.pick([
        ["90", "81"],
        ["undefined", "'EUR'"],
        ["[]", "[ { id: 1 } ]"],
      ] as const);
      const headline = ` FAIL  ${task.testFile} > ${task.func} > ${rng.pick(["applies the discount once", "handles an empty cart", "formats negative amounts", "retries on 503"])}\nAssertionError: expected ${got} to be ${want} // Object.is equality`;
      return {
        command: "npm test -- --run",
        headline,
        exitCode: 1,
        output: `${headline}\n ❯ ${task.testFile}:${line}:${rng.int(5, 40)}\n\n Test Files  1 failed | ${rng.int(10, 50)} passed\n      Tests  1 failed | ${passed} passed (${passed + 1})\n   Duration  ${secs}s`,
      };
    }
    case "py": {
      const test = `test_${snake(task.func)}_${rng.pick(["partial", "empty", "rounding", "eu_b2b"])}`;
      const assertion = rng.pick([
        "AssertionError: assert 200 == 404",
        "assert Decimal('19.99') == Decimal('20.00')",
        "KeyError: 'vat_id'",
        "AssertionError: assert None is not None",
      ]);
      const headline = `FAILED ${task.testFile}::${test} - ${assertion}`;
      return {
        command: "pytest -q",
        headline,
        exitCode: 1,
        output: `${".".repeat(rng.int(20, 50))}F${".".repeat(rng.int(5, 20))}\n=================================== FAILURES ===================================\n____________________ ${test} ____________________\n${task.testFile}:${line}: in ${test}\n>       ${assertion.replace(/^AssertionError: /, "")}\nE       ${assertion}\n=========================== short test summary info ============================\n${headline}\n1 failed, ${passed} passed in ${secs}s`,
      };
    }
    case "rust": {
      const test = `${base(task.file).replace(/\.rs$/, "")}::tests::${snake(task.func).replace(/::/g, "_")}_handles_empty`;
      const headline = `thread '${test}' panicked at ${task.file}:${line}:9:\nassertion \`left == right\` failed\n  left: None\n right: Some(Manifest { version: 2, .. })`;
      return {
        command: "cargo test",
        headline,
        exitCode: 101,
        output: `running ${passed + 1} tests\ntest ${test} ... FAILED\n\nfailures:\n\n---- ${test} stdout ----\n${headline}\nnote: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace\n\ntest result: FAILED. ${passed} passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in ${secs}s\n\nerror: test failed, to rerun pass \`--lib\``,
      };
    }
    case "tf": {
      const headline = `Error: Test assertion failed\n\n  on tests/tags.tftest.hcl line ${rng.int(8, 60)}, in run "required_tags":\n  resource "${task.func}" is missing tag "cost-center"`;
      return {
        command: "terraform test",
        headline,
        exitCode: 1,
        output: `tests/tags.tftest.hcl... in progress\n  run "required_tags"... fail\n${headline}\n\nFailure! 0 passed, 1 failed.`,
      };
    }
  }
}

export function buildFailure(rng: Rng, task: Task): CommandResult {
  const r = task.repo;
  const line = rng.int(12, 480);
  const col = rng.int(2, 40);
  let headline: string;
  let output: string;
  let exitCode = 1;
  switch (r.lang) {
    case "go":
      headline = rng.pick([
        `${task.file}:${line}:${col}: undefined: pgx.NamedArgs`,
        `${task.file}:${line}:${col}: cannot use id (variable of type int64) as string value in argument to s.get`,
        `${task.file}:${line}:${col}: too many arguments in call to ${task.func}\n\thave (context.Context, string, int)\n\twant (context.Context, string)`,
      ]);
      output = `# ${goModule(r)}/${task.file.split("/").slice(0, -1).join("/")}\n${headline}`;
      break;
    case "ts":
      headline = rng.pick([
        `${task.file}(${line},${col}): error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.`,
        `${task.file}(${line},${col}): error TS2339: Property 'total' does not exist on type 'Order'.`,
        `Module not found: Can't resolve '@/lib/${rng.pick(["flags", "money", "session"])}' in '/workspace/${r.name.split("/")[1]}/${task.file.split("/").slice(0, -1).join("/")}'`,
        `npm error code ERESOLVE\nnpm error ERESOLVE unable to resolve dependency tree\nnpm error While resolving: ${r.name.split("/")[1]}@0.1.0\nnpm error Found: react@19.2.0`,
      ]);
      output = headline.startsWith("npm")
        ? headline
        : `> ${r.name.split("/")[1]}@0.1.0 build\n> next build\n\nFailed to compile.\n\n${headline}\n\n> Build failed because of webpack errors`;
      break;
    case "py":
      headline = rng.pick([
        `${task.file}:${line}: error: Argument 1 to "${task.func}" has incompatible type "str"; expected "Decimal"  [arg-type]`,
        `${task.file}:${line}:${col}: F821 Undefined name \`settings\``,
        `ModuleNotFoundError: No module named '${rng.pick(["pydantic_settings", "stripe.v2", "pyarrow.compute"])}'`,
      ]);
      output = `${headline}\nFound 1 error in 1 file (checked ${rng.int(40, 300)} source files)`;
      break;
    case "rust":
      headline = rng.pick([
        `error[E0382]: borrow of moved value: \`cfg\`\n  --> ${task.file}:${line}:${col}`,
        `error[E0433]: failed to resolve: use of undeclared crate or module \`tokio_util\`\n  --> ${task.file}:${line}:${col}`,
        `error[E0308]: mismatched types\n  --> ${task.file}:${line}:${col}\n   |\n   = note: expected enum \`Option<u32>\`\n              found type \`u32\``,
      ]);
      output = `   Compiling ${r.name.split("/")[1]} v0.${rng.int(3, 9)}.0 (/workspace/${r.name.split("/")[1]})\n${headline}\n\nerror: could not compile \`${r.name.split("/")[1]}\` (bin "${r.name.split("/")[1]}") due to 1 previous error`;
      exitCode = 101;
      break;
    case "tf":
      headline = `Error: Unsupported argument\n\n  on ${task.file} line ${line}, in module "eks":\n  ${line}:   cluster_version = var.k8s_version\n\nAn argument named "cluster_version" is not expected here.`;
      output = headline;
      break;
  }
  return { command: r.build, headline, exitCode, output };
}

export function gitFailure(rng: Rng, task: Task): CommandResult {
  const url = `https://github.com/${task.repo.name}.git`;
  const variants: CommandResult[] = [
    {
      command: `git push origin HEAD:${task.branch}`,
      headline: ` ! [rejected]        HEAD -> ${task.branch} (non-fast-forward)\nerror: failed to push some refs to '${url}'`,
      exitCode: 1,
      output: `To ${url}\n ! [rejected]        HEAD -> ${task.branch} (non-fast-forward)\nerror: failed to push some refs to '${url}'\nhint: Updates were rejected because the tip of your current branch is behind\nhint: its remote counterpart. If you want to integrate the remote changes,\nhint: use 'git pull' before pushing again.`,
    },
    {
      command: "git rebase origin/main",
      headline: `CONFLICT (content): Merge conflict in ${task.file}\nerror: could not apply ${rng.hex(7)}... ${task.title}`,
      exitCode: 1,
      output: `Auto-merging ${task.file}\nCONFLICT (content): Merge conflict in ${task.file}\nerror: could not apply ${rng.hex(7)}... ${task.title}\nhint: Resolve all conflicts manually, mark them as resolved with\nhint: "git add/rm <conflicted_files>", then run "git rebase --continue".`,
    },
    {
      command: "git fetch origin",
      headline: `fatal: unable to access '${url}/': Could not resolve host: github.com`,
      exitCode: 128,
      output: `fatal: unable to access '${url}/': Could not resolve host: github.com`,
    },
    {
      command: "git push origin HEAD:main",
      headline: "remote: error: GH006: Protected branch update failed for refs/heads/main.",
      exitCode: 1,
      output: `remote: error: GH006: Protected branch update failed for refs/heads/main.\nremote: - Changes must be made through a pull request.\nTo ${url}\n ! [remote rejected] HEAD -> main (protected branch hook declined)\nerror: failed to push some refs to '${url}'`,
    },
    {
      command: `git checkout -b ${task.branch}`,
      headline: `fatal: a branch named '${task.branch}' already exists`,
      exitCode: 128,
      output: `fatal: a branch named '${task.branch}' already exists`,
    },
  ];
  return rng.weighted(variants.map((v, i) => [v, [5, 4, 1, 1, 2][i] ?? 1] as const));
}
