// Shapes shared by every importer.

/** A protocol event as an importer produces it (docs/ingest.md); validated by parseEvent before storage. */
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
