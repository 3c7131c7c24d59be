// Maps protocol events to transcript entries: the ordered story of a job (messages, thinking, tool calls
// and results, usage, logs and lifecycle), one entry per event.
import type { TranscriptKind, transcriptEntry } from "@/db/schema";
import type { IngestEvent } from "./protocol";

type EntryRow = typeof transcriptEntry.$inferInsert;

const KIND: Record<string, TranscriptKind> = {
  "job.message": "message",
  "job.thinking": "thinking",
  "job.tool_call": "tool_call",
  "job.tool_result": "tool_result",
  "job.usage": "usage",
  "job.log": "log",
  "job.queued": "lifecycle",
  "job.started": "lifecycle",
  "job.completed": "lifecycle",
  "job.failed": "lifecycle",
  "job.cancelled": "lifecycle",
};

const str = (v: unknown) => (typeof v === "string" ? v : null);
const shortStr = (v: unknown) => (typeof v === "string" && v.length <= 200 ? v : null);

/** Text of a message: its `text`, else the text blocks of its `content`. */
export function messageText(data: Record<string, unknown>): string | null {
  if (typeof data.text === "string") return data.text;
  if (!Array.isArray(data.content)) return null;
  const parts = data.content
    .map((b) => (typeof b === "string" ? b : str((b as { text?: unknown })?.text)))
    .filter((t): t is string => t !== null);
  return parts.length ? parts.join("\n") : null;
}

function entryText(e: IngestEvent): string | null {
  const d = e.data;
  switch (e.type) {
    case "job.message":
      return messageText(d);
    case "job.thinking":
      return str(d.text);
    case "job.tool_result":
      return str(d.output);
    case "job.log":
      return str(d.message);
    case "job.completed":
      return str(d.summary);
    case "job.failed":
      return str((d.error as { message?: unknown } | undefined)?.message);
    case "job.cancelled":
      return str(d.reason);
    case "job.started":
    case "job.queued":
      return str(d.title);
    default:
      return null;
  }
}

function entryContent(e: IngestEvent): unknown {
  const d = e.data;
  switch (e.type) {
    case "job.message":
      return d.content ?? null;
    case "job.tool_call":
      return d.input ?? null;
    case "job.tool_result":
      return typeof d.output === "string" ? null : (d.output ?? null);
    case "job.thinking":
    case "job.log":
      return null;
    default:
      return d;
  }
}

export function toTranscriptEntry(
  e: IngestEvent & { truncatedFrom?: number | null },
  projectId: string,
  jobId: string,
): EntryRow | null {
  const kind = KIND[e.type];
  if (!kind) return null;
  const d = e.data;
  return {
    projectId,
    jobId,
    eventId: e.id,
    time: e.time,
    seq: e.seq ?? null,
    kind,
    // message role, log level, or for lifecycle entries what happened (queued, started, completed, ...)
    role:
      e.type === "job.message"
        ? str(d.role)
        : e.type === "job.log"
          ? str(d.level)
          : kind === "lifecycle"
            ? e.type.slice(4)
            : null,
    // data.branch names a sub-agent branch, except on job.started where it is the git branch
    branch: kind === "lifecycle" ? null : str(d.branch),
    branchParentCallId: kind === "lifecycle" ? null : str(d.branch_parent_call_id),
    // indexed (btree entries hold at most ~2.7 kB): only a call id the protocol accepts as one is kept
    callId: shortStr(d.call_id),
    tool: str(d.tool),
    isError: e.type === "job.tool_result" ? d.is_error === true : e.type === "job.failed" ? true : null,
    text: entryText(e),
    content: entryContent(e),
    truncatedFrom: e.truncatedFrom ?? null,
  };
}
