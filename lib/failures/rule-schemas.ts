// Shapes of the classification rules API (list, create, update, preview, re-classification progress),
// shared by the routes and the rules page. Bodies use snake_case like the rest of the API.
import { z } from "zod";
import { FAILURE_CLASSES } from "./taxonomy";

const condition = z.string().max(500).nullable().optional();

export const ruleBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  failure_class: z.enum(FAILURE_CLASSES),
  priority: z
    .number()
    .int()
    .min(-1_000_000)
    .max(1_000_000)
    .optional()
    .describe("Lower runs first; built-in rules use 10, 20, 30, ... Default: before every other rule"),
  error_type: condition,
  code: condition,
  exit_code: z.number().int().nullable().optional(),
  message_pattern: z
    .string()
    .max(2000)
    .nullable()
    .optional()
    .describe("Regular expression in RE2 syntax: no backreferences or lookahead (flags im)"),
  tool: condition,
  harness: condition,
  model: condition,
  enabled: z.boolean().optional(),
});
export type RuleBody = z.infer<typeof ruleBodySchema>;

export const rulePatchSchema = ruleBodySchema.partial().extend({
  move: z.enum(["up", "down"]).optional().describe("Swap places with the neighbouring project rule"),
});
export type RulePatch = z.infer<typeof rulePatchSchema>;

export const previewBodySchema = ruleBodySchema.extend({
  id: z.string().optional().describe("The saved rule this candidate replaces (editing), if any"),
  limit: z.number().int().min(1).max(10_000).optional(),
});

export const ruleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  failure_class: z.string(),
  priority: z.number(),
  error_type: z.string().nullable(),
  code: z.string().nullable(),
  exit_code: z.number().nullable(),
  message_pattern: z.string().nullable(),
  tool: z.string().nullable(),
  harness: z.string().nullable(),
  model: z.string().nullable(),
  enabled: z.boolean(),
  built_in: z.boolean().describe("Built-in rules are shared and read-only"),
  pattern_problem: z
    .string()
    .nullable()
    .describe(
      "Why the saved message pattern cannot run (RE2 syntax): the rule never matches until it is edited",
    ),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

export const ruleListSchema = z.object({ rules: z.array(ruleViewSchema), builtins: z.array(ruleViewSchema) });

export const previewSchema = z.object({
  scanned: z.number().describe("Failed jobs looked at (the most recent)"),
  changed: z.number().describe("How many of them would change class"),
  matched: z.number().describe("How many the candidate rule classifies (it is the first to match)"),
  samples: z.array(
    z.object({
      job_id: z.string(),
      external_id: z.string(),
      title: z.string().nullable(),
      message: z.string(),
      from: z.string(),
      to: z.string(),
    }),
  ),
});
export type Preview = z.infer<typeof previewSchema>;

export const RECLASSIFY_STATES = ["idle", "running", "done", "failed"] as const;

export const reclassifyProgressSchema = z.object({
  state: z.enum(RECLASSIFY_STATES),
  done: z.number(),
  total: z.number(),
  changed: z.number().describe("Jobs moved to another class or issue"),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  error: z.string().nullable().optional(),
});
export type ReclassifyProgress = z.infer<typeof reclassifyProgressSchema>;
