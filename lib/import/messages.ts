// What the request thread and the import worker (worker.mjs -> worker-main.ts) say to each other.
import type { RawEvent } from "@/lib/importers/types";

export type WorkerInput = {
  /** The app's root, where worker.mjs finds worker-main.ts. */
  root: string;
  /** raw: the body is the file; envelope: the body is `{file_name, text, agent?, parent_text?}` JSON. */
  mode: "raw" | "envelope";
  fileName: string;
  agent?: string;
  maxLineBytes: number;
  batchSize: number;
  /** ISO time: sessions with no end whose last event is older are closed as abandoned (importLines). */
  closeUnendedBefore?: string;
};

export type ToWorker = { kind: "chunk"; bytes: Uint8Array } | { kind: "end" };

export type Skipped = { line: number; reason: string };

export type FromWorker =
  | { kind: "fail"; status: 400 | 413 | 422; code: string; message: string }
  | {
      kind: "result";
      format: string | null;
      sessionId: string | null;
      events: number;
      /** The first 100 skipped lines. */
      skipped: Skipped[];
    }
  | { kind: "batch"; events: RawEvent[] }
  /** Bytes read so far: the request thread sends at most a few MB ahead of this. */
  | { kind: "ack"; bytes: number }
  | { kind: "done" };
