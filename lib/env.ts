// The one place that reads process.env. Everything else imports `env`.
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string. Unset: the embedded PGlite database in FLEETWATCH_DATA_DIR. */
  DATABASE_URL: z.url().optional(),
  FLEETWATCH_DATA_DIR: z.string().default(".fleetwatch"),
  /** Public URL of the console, used in links and auth callbacks. */
  FLEETWATCH_URL: z.url().optional(),
  /** Secret for session signing. Unset: one is generated and stored in the database. */
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /** Default requests per minute per API key. */
  FLEETWATCH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Largest file POST /api/v1/import reads, in MB (uncompressed); bigger files: npm run import. */
  FLEETWATCH_IMPORT_MAX_MB: z.coerce.number().positive().max(1024).default(50),
  /** Imports per minute per signed-in user (an API key's imports count against its own request limit). */
  FLEETWATCH_IMPORT_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** OpenAI-compatible endpoint (…/v1) for the optional "Rewrite as prose" of standups; unset: no button. */
  FLEETWATCH_LLM_URL: z.url().optional(),
  FLEETWATCH_LLM_MODEL: z.string().min(1).optional(),
  FLEETWATCH_LLM_API_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
});

const parsed = schema.safeParse(process.env);
if (!parsed.success) {
  const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
  throw new Error(`Invalid environment configuration:\n${problems}`);
}

export const env = {
  ...parsed.data,
  dataDir: path.resolve(parsed.data.FLEETWATCH_DATA_DIR),
};
export type Env = typeof env;
