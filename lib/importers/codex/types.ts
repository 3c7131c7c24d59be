// The importer's public shapes (re-exported by index.ts).

export type { ImportResult, RawEvent, Skipped } from "../types";
