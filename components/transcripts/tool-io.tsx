"use client";
import { AnsiText } from "./ansi-text";
import { DiffView } from "./diff-view";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : null);

/** One line saying what a tool call does: the command, the file, the pattern. */
export function toolSummary(_tool: string | null, input: unknown): string {
  if (!isObj(input)) return typeof input === "string" ? input.slice(0, 160) : "";
  const pick =
    str(input.command) ??
    str(input.cmd) ??
    str(input.file_path) ??
    str(input.path) ??
    str(input.pattern) ??
    str(input.url) ??
    str(input.query) ??
    str(input.description) ??
    str(input.prompt);
  if (Array.isArray(input.command)) return input.command.join(" ").slice(0, 160);
  return (pick ?? JSON.stringify(input)).replace(/\s+/g, " ").slice(0, 160);
}

function Json({ value }: { value: unknown }) {
  return (
    <pre className="overflow-x-auto rounded-md bg-subtle p-3 font-mono text-[12px] leading-relaxed whitespace-pre-wrap break-all">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** Tool input: file edits as diffs, shell commands as commands, everything else as JSON. */
export function ToolInput({ tool, input }: { tool: string | null; input: unknown }) {
  if (isObj(input)) {
    const oldS = str(input.old_string) ?? str(input.oldString);
    const newS = str(input.new_string) ?? str(input.newString);
    if (oldS !== null && newS !== null)
      return <DiffView before={oldS} after={newS} path={str(input.file_path)} />;
    if (Array.isArray(input.edits)) {
      return (
        <div className="space-y-2">
          {input.edits.filter(isObj).map((e, i) => (
            <DiffView
              // biome-ignore lint/suspicious/noArrayIndexKey: edits of one immutable call
              key={i}
              before={str(e.old_string) ?? ""}
              after={str(e.new_string) ?? ""}
              path={i === 0 ? str(input.file_path) : null}
            />
          ))}
        </div>
      );
    }
    const command = str(input.command) ?? (Array.isArray(input.command) ? input.command.join(" ") : null);
    if (command && /bash|shell|exec|command/i.test(tool ?? "bash")) {
      return (
        <pre className="overflow-x-auto rounded-md bg-zinc-900 p-3 font-mono text-[12px] text-zinc-100">
          $ {command}
        </pre>
      );
    }
  }
  return <Json value={input} />;
}

/** Tool output: text (with ANSI colours), stdout/stderr, structured patches or JSON. */
export function ToolOutput({
  text,
  content,
  isError,
}: {
  text: string | null;
  content: unknown;
  isError: boolean;
}) {
  const tone = isError ? "text-red-700 dark:text-red-300" : "";
  if (text !== null) return <AnsiText text={text} className={tone} />;
  if (isObj(content)) {
    const stdout = str(content.stdout);
    const stderr = str(content.stderr);
    if (stdout !== null || stderr !== null) {
      return (
        <div className="space-y-2">
          {stdout ? <AnsiText text={stdout} /> : null}
          {stderr ? <AnsiText text={stderr} className="text-red-700 dark:text-red-300" /> : null}
        </div>
      );
    }
    const oldS = str(content.oldString);
    const newS = str(content.newString);
    if (oldS !== null && newS !== null)
      return <DiffView before={oldS} after={newS} path={str(content.filePath)} />;
  }
  if (content == null) return <p className="text-xs text-muted">No output.</p>;
  return <Json value={content} />;
}
