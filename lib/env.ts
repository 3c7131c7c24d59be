// The one place that reads process.env. Everything else imports `env`.
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** PostgreSQL connection string. Unset: the embedded PostgreSQL server of FLEETWATCH_DATA_DIR. */
  DATABASE_URL: z.url().optional(),
  FLEETWATCH_DATA_DIR: z.string().default(".fleetwatch"),
  /** Port the console listens on (npm start passes it to Next.js, which sets it once it listens). */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public URL of the console, used in links and auth callbacks. */
  FLEETWATCH_URL: z.url().optional(),
  /** Secret for session signing. Unset: one is generated and stored in the database. */
  BETTER_AUTH_SECRET: z.string().min(32).optional(),
  /**
   * How many reverse proxies in front of the console append to X-Forwarded-For: "false"/"0" (default: the header
   * is ignored and the client is the TCP peer), "true" (= 1), or a number of hops.
   */
  FLEETWATCH_TRUST_PROXY: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(true|false|\d{1,2})$/, 'Use "false", "true" or a number of proxy hops (e.g. 2)')
    .default("false")
    .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v))),
  /**
   * Default requests per minute per API key (a key's own limit overrides it). 60,000: a fleet of 500 agents
   * sending one request per hook event (about 80 a minute each) uses 40,000 (README: Rate limits).
   */
  FLEETWATCH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60_000),
  /** Largest file POST /api/v1/import reads, in MB (uncompressed); bigger files: npm run import. */
  FLEETWATCH_IMPORT_MAX_MB: z.coerce.number().positive().max(1024).default(50),
  /** Imports per minute per signed-in user (an API key's imports count against its own request limit). */
  FLEETWATCH_IMPORT_RATE_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** OpenAI-compatible endpoint (…/v1) for the optional "Rewrite as prose" of standups; unset: no button. */
  FLEETWATCH_LLM_URL: z.url().optional(),
  FLEETWATCH_LLM_MODEL: z.string().min(1).optional(),
  FLEETWATCH_LLM_API_KEY: z.string().min(1).optional(),
  /** 1: outbound webhooks may reach private, loopback and link-local addresses (internal receivers). */
  FLEETWATCH_WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** Longest a read query (pages, read API) may run, in ms; writes (ingest, imports, migrations) have none. */
  FLEETWATCH_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  /** Longest a transcript search may run, in ms (its own, tighter budget). */
  FLEETWATCH_SEARCH_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
  /** Connections of the read pool per instance (the write pool, used by ingest and /api/health, is apart). */
  FLEETWATCH_READ_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * A streaming replica for dashboards and the read API, e.g. postgres://reader@replica:5432/fleetwatch. Unset:
   * every read goes to DATABASE_URL. Ingest, triage, settings, auth and background work always use the primary.
   */
  FLEETWATCH_READ_DATABASE_URL: z.url().optional(),
  /** Replica lag (ms) past which reads go to the primary until it catches up. */
  FLEETWATCH_READ_MAX_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  /** How long (ms) a user or key that just changed something reads the primary; unset: max lag + 2 s. */
  FLEETWATCH_READ_YOUR_WRITES_MS: z.coerce.number().int().min(0).max(3_600_000).optional(),
  /**
   * Where the server folds acknowledged events into jobs, agents, transcripts and rollups: "thread" (default) a
   * worker thread of its own, so projection work never holds up requests; "inline" the request thread.
   */
  FLEETWATCH_PROJECTOR: z.enum(["thread", "inline"]).default("thread"),
  /**
   * "on": the production server (scripts/server.mjs) answers POST /api/v1/events before Next.js's router
   * (lib/http/ingest-front.ts); "off": Next.js serves it like every other route.
   */
  /**
   * The projector thread's pause after a batch that emptied the queue, so a steady trickle of single events is
   * folded a few dozen at a time rather than one batch (a dozen statements) per event; adds at most this much
   * to the time before an event shows. 0: none.
   */
  FLEETWATCH_PROJECTOR_GAP_MS: z.coerce.number().int().min(0).max(2000).default(20),
  FLEETWATCH_INGEST_FRONT: z.enum(["thread", "on", "off"]).default("thread"),
  /** The nice value the ingest and projector threads give themselves (Linux; 0: the server thread's). */
  FLEETWATCH_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** Searches one instance runs at once (others wait within their budget); unset: see lib/transcripts/search.ts. */
  FLEETWATCH_SEARCH_CONCURRENCY: z.coerce.number().int().min(1).max(100).optional(),
  /**
   * SMTP server for invites, password resets and alert emails, e.g. smtp://user:pass@mail.example.com:587 or
   * smtps://…:465. Unset: links are only shown in the console; email destinations cannot send.
   */
  FLEETWATCH_SMTP_URL: z
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), "Use an smtp:// or smtps:// URL")
    .optional(),
  /** Sender of the console's mail, e.g. "Fleetwatch <fleetwatch@example.com>". */
  FLEETWATCH_MAIL_FROM: z.string().min(3).max(320).default("Fleetwatch <fleetwatch@localhost>"),
  /**
   * Single sign-on with OpenID Connect. Each one set here overrides (and locks) the same field of Settings >
   * Single sign-on. Issuer: the IdP's issuer URL (its discovery document is <issuer>/.well-known/openid-configuration).
   */
  FLEETWATCH_OIDC_ISSUER: z.url().optional(),
  FLEETWATCH_OIDC_CLIENT_ID: z.string().trim().min(1).max(512).optional(),
  FLEETWATCH_OIDC_CLIENT_SECRET: z.string().min(1).max(2048).optional(),
  /** Comma list of email domains whose verified addresses may join without an invite, e.g. "example.com,example.org". */
  FLEETWATCH_OIDC_ALLOWED_DOMAINS: z.string().max(2000).optional(),
  /** Role of a person who joins through an allowed domain: member or viewer. */
  FLEETWATCH_OIDC_DEFAULT_ROLE: z.enum(["member", "viewer"]).optional(),
  /** Label of the sign-in button ("Sign in with <label>"). */
  FLEETWATCH_OIDC_LABEL: z.string().trim().min(1).max(60).optional(),
  /** 1: the OIDC issuer may be on a private, loopback or link-local address (an IdP inside your network). */
  FLEETWATCH_OIDC_ALLOW_PRIVATE: z.stringbool().default(false),
  /**
   * false: email and password sign-in is off (only SSO). true: always on, whatever the settings page says (the
   * way back in when the IdP is unreachable). Unset: the settings page decides.
   */
  FLEETWATCH_PASSWORD_SIGNIN: z.stringbool().optional(),
  /** How often each instance evaluates alert rules, in seconds (one instance per project at a time). */
  FLEETWATCH_ALERT_EVALUATE_EVERY_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
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
