// The importer's public shapes (re-exported by index.ts).

/** A protocol event as posted by runners (docs/ingest.md); validated by parseEvent before storage. */
export type RawEvent = {
  id: string;
  type: string;
  time: string;
  job: string;
  agent?: string;
  seq?: number;
  data: Record<string, unknown>;
};

/** A line that could not be read (not JSON, not an object, or a record that failed to map). */
export type Skipped = { line: number; reason: string };

export type ImportResult = {
  format: string;
  sessionId: string | null;
  events: RawEvent[];
  skipped: Skipped[];
};
