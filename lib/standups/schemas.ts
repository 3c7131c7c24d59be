// Shapes of the standups read API, shared by the route, the OpenAPI document, the page and the webhook body.
import { z } from "zod";
import { isDay } from "./days";

export const standupQuerySchema = z.object({
  project: z.string().optional().describe("Project slug (session auth only; a key is bound to its project)"),
  date: z
    .string()
    .refine(isDay, "date must be a calendar day written YYYY-MM-DD")
    .optional()
    .describe("The day, in the project's time zone (YYYY-MM-DD). Default: yesterday"),
  agent: z.string().min(1).max(200).optional().describe("Only this agent's standup"),
  markdown: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe(
      "false: without the Markdown (the console's page builds it from the structure when copied). Default: true",
    ),
});
export type StandupQuery = z.infer<typeof standupQuerySchema>;

export const segmentSchema = z.object({
  text: z.string(),
  href: z
    .string()
    .optional()
    .describe("Console path (/jobs/<id>, /failures/<id>), or an artifact's http(s) URL when external"),
  external: z.boolean().optional(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const LINE_TAGS = ["new", "regressed", "repeated", "stalled", "waiting", "queued"] as const;
export type LineTag = (typeof LINE_TAGS)[number];

export const lineSchema = z.object({
  text: z.string().describe("The line as plain text (the segments joined)"),
  segments: z.array(segmentSchema),
  tags: z.array(z.enum(LINE_TAGS)),
});
export type StandupLine = z.infer<typeof lineSchema>;

export const SECTION_KEYS = ["done", "problems", "blocked", "open", "spend", "next"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const sectionSchema = z.object({
  key: z.enum(SECTION_KEYS),
  title: z.string(),
  lines: z.array(lineSchema),
});
export type StandupSection = z.infer<typeof sectionSchema>;

export const agentStandupSchema = z.object({
  agent: z.string(),
  role: z.string().nullable(),
  headline: z.string().describe('The agent\'s day in a few words ("4 done · 2 failed · $3.10")'),
  quiet: z.boolean().describe("Nothing to report"),
  sections: z.array(sectionSchema).describe("Only sections with something in them, in a fixed order"),
});
export type AgentStandup = z.infer<typeof agentStandupSchema>;

export const fleetStandupSchema = z.object({
  project: z.object({ slug: z.string(), name: z.string(), timezone: z.string() }),
  day: z.string(),
  generated_at: z.string(),
  agent: z.string().nullable().describe("Set when the standup is for one agent"),
  summary: z.array(lineSchema).describe("The day in at most five lines"),
  agents: z.array(agentStandupSchema).describe("Agents with something to report, most eventful first"),
  more_agents: z.number().int().describe("Active agents beyond the ones listed"),
  quiet: z.array(z.string()).describe("Agents with nothing to report (first names)"),
  quiet_count: z.number().int(),
});
export type FleetStandup = z.infer<typeof fleetStandupSchema>;

export const standupResponseSchema = z.object({
  date: z.string(),
  previous: z.string().describe("The day before"),
  next: z.string().nullable().describe("The day after, null when that is in the future"),
  standup: fleetStandupSchema,
  markdown: z
    .string()
    .optional()
    .describe(
      "The standup as Markdown (links absolute when FLEETWATCH_URL is set); left out with markdown=false",
    ),
});

/** A standup response without its Markdown: what the page reads (it builds the Markdown itself when copied). */
export type StandupView = Omit<z.infer<typeof standupResponseSchema>, "markdown">;
/** A standup response with its Markdown (the API's default, webhooks, prose). */
export type StandupResponse = StandupView & { markdown: string };
