import { z } from "zod";

export const importRequestSchema = z.object({
  file_name: z.string().min(1).max(500),
  text: z.string(),
  agent: z.string().min(1).max(200).optional(),
  parent_text: z.string().optional().describe("For a Claude Code sub-agent file: its parent session file"),
});

export const importResponseSchema = z.object({
  format: z.string().nullable(),
  session_id: z.string().nullable(),
  events: z.number(),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  skipped: z.array(z.object({ line: z.number(), reason: z.string() })),
  errors: z.array(z.string()).describe("Why events were rejected (first 20)"),
  jobs: z
    .array(
      z.object({
        id: z.string().describe("Fleetwatch's job id: /jobs/{id}"),
        external_id: z.string(),
        title: z.string().nullable(),
        started_at: z.string(),
        cost_usd: z.number().nullable().describe("As the console prices it"),
      }),
    )
    .describe("The jobs the file holds, newest first (first 100)"),
  jobs_total: z.number(),
  jobs_window: z
    .object({ from: z.string(), to: z.string() })
    .nullable()
    .describe("A Jobs page range (range=custom&from&to) that shows every imported job"),
});
export type ImportResponse = z.infer<typeof importResponseSchema>;
