// The retention shapes the API answers with (client-safe: zod only).
import { z } from "zod";

export const transcriptRemovedSchema = z
  .object({
    whole: z.boolean().describe("true: every entry was removed; false: the entries before `before` were"),
    before: z.string().describe("Entries before this time were removed"),
    removed_at: z.string().nullable().describe("When retention removed them"),
    raw_retention_days: z.number(),
    job_retention_days: z.number(),
    message: z.string(),
  })
  .nullable()
  .describe("Set when retention removed this job's transcript, or its start: what was removed and why");
export type TranscriptRemoved = z.infer<typeof transcriptRemovedSchema>;
