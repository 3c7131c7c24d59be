// Public types of the Claude Code importer (re-exported by index.ts).

export type { ImportResult, RawEvent, Skipped } from "../types";

export type ClaudeCodeFormat =
  | "claude-code-session"
  | "claude-code-headless-json"
  | "claude-code-stream-json";

export type ImportOptions = {
  /** The file's name or path: `<session>.jsonl`, `agent-<id>.jsonl`, `<session>/subagents/agent-<id>.jsonl`. */
  fileName: string;
  /** Agent name on job.started. Default "claude-code". */
  agent?: string;
  /**
   * For a sub-agent file: the text of its parent session file. Gives the job id when the sub-agent's records
   * do not carry the parent's session id, and the Task call that spawned each branch.
   */
  parentText?: string;
  /** The parent session file as lines (what parentText would split into); wins over parentText. */
  parentLines?: readonly string[];
  /** Overrides the job id (normally the Claude Code session id). */
  sessionId?: string;
  /**
   * RFC 3339 time the run ended. Headless output carries no timestamps: its events are dated from this
   * (the start is this minus the result's duration_ms). Default: the time of the import. Ids never depend
   * on it, so a re-import still changes nothing.
   */
  time?: string;
};
