// Tool calls as each harness names and shapes them (Claude Code's Read/Edit/Bash, Codex's shell and
// apply_patch, opencode's lowercase tools, aider's chat commands, the home-made looper's functions), with
// outputs that look like what those tools print.
import type { HarnessName } from "./catalog";
import { CODE, EDITS } from "./code-snippets";
import type { Rng } from "./random";
import type { Task } from "./tasks";

export type ToolUse = { tool: string; input: unknown; output: string; isError: boolean; durationMs: number };

const numbered = (lines: string[], from: number) =>
  lines.map((l, i) => `${String(from + i).padStart(6)}\t${l}`).join("\n");

export class Tools {
  readonly ws: string;
  private readonly lines: string[];

  constructor(
    private readonly rng: Rng,
    private readonly harness: HarnessName,
    private readonly task: Task,
  ) {
    this.ws = `/workspace/${task.repo.name.split("/")[1]}`;
    const pkg = task.file.split("/").slice(-2, -1)[0] ?? "main";
    const func = task.func.replace(/^.*[.:]/, "");
    this.lines = CODE[task.repo.lang].map((l) =>
      l
        .replaceAll("{pkg}", pkg)
        .replaceAll("{Func}", func[0]?.toUpperCase() + func.slice(1))
        .replaceAll("{func}", func),
    );
  }

  private use(tool: string, input: unknown, output: string, durationMs: number, isError = false): ToolUse {
    return { tool, input, output, isError, durationMs: Math.round(durationMs) };
  }

  private shell(command: string): { tool: string; input: unknown } {
    switch (this.harness) {
      case "claude-code":
        return { tool: "Bash", input: { command, description: describe(command) } };
      case "codex":
        return {
          tool: "shell",
          input: { command: ["bash", "-lc", command], workdir: this.ws, timeout_ms: 120_000 },
        };
      case "aider":
        return { tool: "run", input: { command } };
      case "opencode":
        return { tool: "bash", input: { command, description: describe(command) } };
      case "looper":
        return { tool: "run_shell", input: { cmd: command, cwd: this.ws, timeout: 600 } };
    }
  }

  bash(command: string, output: string, durationMs: number, exitCode = 0): ToolUse {
    const { tool, input } = this.shell(command);
    const out = exitCode === 0 || this.harness !== "codex" ? output : `${output}\nExit code: ${exitCode}`;
    return this.use(tool, input, out, durationMs, exitCode !== 0);
  }

  read(file: string): ToolUse {
    const path = `${this.ws}/${file}`;
    const from = this.rng.int(1, 120);
    const body = numbered(this.lines, from);
    switch (this.harness) {
      case "claude-code":
        return this.use("Read", { file_path: path }, body, this.rng.int(3, 40));
      case "codex":
        return this.use(
          "shell",
          { command: ["bash", "-lc", `sed -n '${from},${from + 200}p' ${file}`], workdir: this.ws },
          this.lines.join("\n"),
          this.rng.int(20, 90),
        );
      case "aider":
        return this.use("add", { files: [file] }, `Added ${file} to the chat`, this.rng.int(5, 30));
      case "opencode":
        return this.use("read", { filePath: path }, `<file>\n${body}\n</file>`, this.rng.int(3, 40));
      case "looper":
        return this.use("read_file", { path: file }, this.lines.join("\n"), this.rng.int(3, 40));
    }
  }

  grep(pattern: string): ToolUse {
    const hits = [this.task.file, this.task.testFile, ...this.task.repo.files.slice(0, 2)]
      .map((f) => `${f}:${this.rng.int(10, 400)}:${this.rng.pick(this.lines).trim()}`)
      .join("\n");
    switch (this.harness) {
      case "claude-code":
        return this.use(
          "Grep",
          { pattern, path: this.ws, output_mode: "content", "-n": true },
          hits,
          this.rng.int(30, 400),
        );
      case "codex":
        return this.use(
          "shell",
          { command: ["bash", "-lc", `rg -n "${pattern}"`], workdir: this.ws },
          hits,
          this.rng.int(30, 400),
        );
      case "aider":
        return this.use("run", { command: `git grep -n "${pattern}"` }, hits, this.rng.int(30, 400));
      case "opencode":
        return this.use(
          "grep",
          { pattern, path: this.ws },
          `Found 4 matches\n${hits}`,
          this.rng.int(30, 400),
        );
      case "looper":
        return this.use("search_code", { query: pattern }, hits, this.rng.int(100, 900));
    }
  }

  glob(pattern: string): ToolUse {
    const files = [...this.task.repo.files, ...this.task.repo.tests].map((f) => `${this.ws}/${f}`).join("\n");
    switch (this.harness) {
      case "claude-code":
        return this.use("Glob", { pattern }, files, this.rng.int(10, 120));
      case "opencode":
        return this.use("glob", { pattern }, files, this.rng.int(10, 120));
      case "looper":
        return this.use("list_files", { glob: pattern }, files, this.rng.int(10, 120));
      default:
        return this.bash(
          `rg --files | rg '${pattern.replace(/\*\*\/|\*/g, "")}'`,
          files,
          this.rng.int(20, 150),
        );
    }
  }

  edit(file: string, fail?: string): ToolUse {
    const [oldS, newS] = this.rng.pick(EDITS[this.task.repo.lang]);
    const path = `${this.ws}/${file}`;
    const ok = `The file ${path} has been updated. Here's the result of running \`cat -n\` on a snippet of the edited file:\n${numbered(newS.split("\n"), this.rng.int(10, 300))}`;
    const out = (success: string) => (fail ? fail : success);
    const ms = this.rng.int(5, 60);
    switch (this.harness) {
      case "claude-code":
        return this.use("Edit", { file_path: path, old_string: oldS, new_string: newS }, out(ok), ms, !!fail);
      case "codex": {
        const patch = `*** Begin Patch\n*** Update File: ${file}\n@@\n${prefix(oldS, "-")}\n${prefix(newS, "+")}\n*** End Patch`;
        return this.use(
          "apply_patch",
          { input: patch },
          out(`Success. Updated the following files:\nM ${file}`),
          ms,
          !!fail,
        );
      }
      case "aider":
        return this.use(
          "edit",
          { path: file, search: oldS, replace: newS },
          out(`Applied edit to ${file}`),
          ms,
          !!fail,
        );
      case "opencode":
        return this.use("edit", { filePath: path, oldString: oldS, newString: newS }, out(""), ms, !!fail);
      case "looper":
        return this.use(
          "patch_file",
          { path: file, diff: `${prefix(oldS, "-")}\n${prefix(newS, "+")}` },
          out(`ok: patched ${file} (1 hunk)`),
          ms,
          !!fail,
        );
    }
  }

  write(file: string, content: string): ToolUse {
    const path = `${this.ws}/${file}`;
    const ms = this.rng.int(5, 40);
    switch (this.harness) {
      case "claude-code":
        return this.use("Write", { file_path: path, content }, `File created successfully at: ${path}`, ms);
      case "codex":
        return this.use(
          "apply_patch",
          { input: `*** Begin Patch\n*** Add File: ${file}\n${prefix(content, "+")}\n*** End Patch` },
          `Success. Updated the following files:\nA ${file}`,
          ms,
        );
      case "aider":
        return this.use("edit", { path: file, search: "", replace: content }, `Created ${file}`, ms);
      case "opencode":
        return this.use("write", { filePath: path, content }, "", ms);
      case "looper":
        return this.use(
          "write_file",
          { path: file, content },
          `ok: wrote ${content.length} bytes to ${file}`,
          ms,
        );
    }
  }

  fetch(url: string, summary: string, fail?: string): ToolUse {
    const ms = this.rng.int(400, 6000);
    switch (this.harness) {
      case "claude-code":
        return this.use(
          "WebFetch",
          { url, prompt: "Summarize what changed and any migration steps" },
          fail ?? summary,
          ms,
          !!fail,
        );
      case "opencode":
        return this.use("webfetch", { url, format: "markdown" }, fail ?? summary, ms, !!fail);
      case "looper":
        return this.use("http_get", { url }, fail ?? summary, ms, !!fail);
      case "codex":
        return this.use(
          "web_search",
          { query: url.replace(/^https?:\/\//, "") },
          fail ?? summary,
          ms,
          !!fail,
        );
      case "aider":
        return this.use("web", { url }, fail ?? `Scraped ${url}: ${summary}`, ms, !!fail);
    }
  }

  subagent(description: string, prompt: string, output: string, durationMs: number): ToolUse {
    const input = {
      description,
      prompt,
      subagent_type: this.rng.pick(["general-purpose", "Explore", "general-purpose"]),
    };
    return this.use(this.harness === "claude-code" ? "Task" : "task", input, output, durationMs);
  }

  plan(steps: string[]): ToolUse {
    const ms = this.rng.int(2, 15);
    if (this.harness === "codex")
      return this.use(
        "update_plan",
        { plan: steps.map((step, i) => ({ step, status: i === 0 ? "in_progress" : "pending" })) },
        "Plan updated",
        ms,
      );
    const todos = steps.map((content, i) => ({
      content,
      status: i === 0 ? "in_progress" : "pending",
      activeForm: content,
    }));
    return this.use(
      this.harness === "claude-code" ? "TodoWrite" : "todowrite",
      { todos },
      "Todos have been modified successfully.",
      ms,
    );
  }
}

const prefix = (s: string, p: string) =>
  s
    .split("\n")
    .map((l) => `${p}${l}`)
    .join("\n");

function describe(command: string): string {
  if (command.startsWith("git push")) return "Push the branch";
  if (command.startsWith("git")) return "Check git state";
  if (command.startsWith("gh pr create")) return "Open the pull request";
  if (command.startsWith("gh")) return "Talk to GitHub";
  if (/test/.test(command)) return "Run the test suite";
  if (/build|check|mypy|plan|validate/.test(command)) return "Build and type-check";
  return "Run command";
}
