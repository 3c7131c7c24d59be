// The one wrapper every API route handler goes through: auth, the CSRF check of session requests, zod for the
// query and the JSON body, the write path's gate (rate limit, raw body, signature) for ingest routes, errors to
// HTTP.
import { eq } from "drizzle-orm";
import { NextResponse } from "next/server";
import { type ZodType, z } from "zod";
import { type Db, getDb } from "@/db/client";
import { getPrimaryReadDb, getReadDb, isQueryTimeout } from "@/db/read";
import { type ApiKeyScope, apiKey } from "@/db/schema";
import { type AuditActor, keyActor, userActor } from "@/lib/audit/record";
import { cachedFindApiKey } from "@/lib/auth/key-cache";
import { type Capability, can } from "@/lib/auth/roles";
import { getSessionUser, REFUSALS, type SessionUser } from "@/lib/auth/session";
import { changesState, markKeyWrite, primaryCookieHeader } from "@/lib/db-routing/marker";
import { env } from "@/lib/env";
import { readLimitedBody } from "@/lib/http/body";
import { isHttps } from "@/lib/http/security-headers";
import { waitForProjections } from "@/lib/ingest/projector";
import { logger } from "@/lib/logger";
import { assertKeyProject } from "@/lib/projects/access";
import { resolveProjectForUser } from "@/lib/projects/current";
import { ApiError, badRequest, forbidden, queryTimeout, unauthorized } from "./errors";
import { type IngestOptions, passIngestGate } from "./ingest-gate";
import { assertSameOrigin, isStateChanging } from "./same-origin";

/** The largest JSON body a `body` route reads (rules, triage: a few kB in practice). */
const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * Who may call a route. public: anyone. ingest: a key with the ingest scope. read, triage: a session whose role
 * can read / triage (lib/auth/roles.ts), or a key with that scope. config: alert rules and silences, a session
 * that can triage or a key with the config scope. admin: a session of an owner or admin, or a key with the
 * config scope. write (file import): a session that can triage, or an ingest key.
 */
export type Access = "public" | ApiKeyScope | "write" | "admin";

/** The key scope each access level asks of an API key. */
const KEY_SCOPE: Record<Exclude<Access, "public">, ApiKeyScope> = {
  ingest: "ingest",
  write: "ingest",
  read: "read",
  triage: "triage",
  config: "config",
  admin: "config",
};

/** The role capability each access level asks of a session (ingest takes no session). */
const SESSION_NEEDS: Record<Exclude<Access, "public" | "ingest">, Capability> = {
  read: "read",
  triage: "triage",
  config: "triage",
  write: "triage",
  admin: "admin",
};

export type RouteContext<Q, B = undefined> = {
  request: Request;
  /** The read pool (statement timeout) for "read" routes, else the main database. */
  db: Db;
  query: Q;
  /** The JSON body parsed with the route's `body` schema (undefined when the route declares none). */
  body: B;
  /** Ingest routes: the raw body, read within its limits and its signature verified (null: stream it). */
  rawBody: Buffer | null;
  params: Record<string, string>;
  projectId: string;
  apiKeyId: string | null;
  user: SessionUser | null;
  /** The API key's signing secret, when it has one (the ingest route then requires a signature). */
  signingSecret: string | null;
  /** The API key's own requests-per-minute limit (null: the instance default). */
  rateLimitPerMinute: number | null;
  /** Who is asking, for recordAudit: the key or the signed-in user, with the request's address. */
  actor: AuditActor;
};

function bearer(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <API key>".');
  return match[1];
}

async function authenticate(
  request: Request,
  db: Db,
  access: Exclude<Access, "public">,
  projectSlug: string | null,
) {
  const scope = KEY_SCOPE[access];
  const key = bearer(request);
  if (key) {
    const record = await cachedFindApiKey({ key });
    if (!record)
      throw unauthorized("Unknown API key. Create one in Settings > API keys or with npm run key:create.");
    if (record.revokedAt)
      throw forbidden("This API key was revoked. Create a new one in Settings > API keys.");
    // its project deleted, or ?project= naming another one: a clear 403, never silently its own project
    assertKeyProject(record, projectSlug);
    if (!record.scopes.includes(scope)) {
      throw forbidden(`This API key lacks the "${scope}" scope (it has: ${record.scopes.join(", ")}).`);
    }
    // Best effort, outside the request's transaction, at most once a minute per key: when it was last used.
    if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > 60_000) {
      void db
        .update(apiKey)
        .set({ lastUsedAt: new Date() })
        .where(eq(apiKey.id, record.id))
        .catch(() => {});
    }
    return {
      projectId: record.projectId,
      apiKeyId: record.id,
      user: null,
      signingSecret: record.signingSecret,
      rateLimitPerMinute: record.rateLimitPerMinute,
      actor: keyActor(record, request.headers),
    };
  }
  if (access !== "ingest") {
    const user = await getSessionUser(request.headers);
    if (user) {
      const needs = SESSION_NEEDS[access];
      if (!can(user.role, needs)) throw forbidden(REFUSALS[needs]);
      const project = await resolveProjectForUser({ db, slug: projectSlug, user });
      return {
        projectId: project.id,
        apiKeyId: null,
        user,
        signingSecret: null,
        rateLimitPerMinute: null,
        actor: userActor(user, request.headers),
      };
    }
  }
  throw unauthorized(
    access === "ingest"
      ? "Missing API key: send Authorization: Bearer <ingest key>."
      : `Sign in, or send Authorization: Bearer <API key with the ${scope} scope>.`,
  );
}

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof ApiError) {
    logger.warn({ code: error.code, status: error.status }, error.message);
    const body = { error: { code: error.code, message: error.message, details: error.details } };
    return NextResponse.json(body, { status: error.status, headers: error.headers });
  }
  if (isQueryTimeout(error)) {
    return errorResponse(queryTimeout("The query took too long; narrow the range or the filters."));
  }
  if (error instanceof z.ZodError) {
    return errorResponse(badRequest(z.prettifyError(error), error.issues));
  }
  logger.error({ err: error }, "unhandled error in API route");
  return NextResponse.json(
    { error: { code: "internal", message: "Internal error; the server log has the details." } },
    { status: 500 },
  );
}

/** `consistent=true`: the read waits (up to 10 s) for the projections of every event acknowledged before it. */
async function waitConsistent(db: Db, projectId: string, value: string) {
  if (value === "false") return;
  if (value !== "true") throw badRequest('consistent must be "true" or "false".');
  if (!(await waitForProjections(db, projectId))) {
    throw new ApiError(
      503,
      "projection_lag",
      "Events acknowledged before this request are still being projected (over 10 s). Retry shortly.",
      undefined,
      { "Retry-After": "1" },
    );
  }
}

/**
 * Read-your-writes (lib/db-routing/marker.ts): the caller of a change that went through reads the primary for the
 * next few seconds: a session through a cookie, a key through a mark in this process.
 */
function markWriter(
  response: Response,
  auth: { apiKeyId: string | null; user: SessionUser | null },
): Response {
  if (auth.apiKeyId) markKeyWrite(auth.apiKeyId);
  if (!auth.user) return response;
  const cookie = primaryCookieHeader(Date.now(), isHttps(env.FLEETWATCH_URL));
  try {
    response.headers.append("set-cookie", cookie);
    return response;
  } catch {
    // a response with immutable headers: a copy takes the cookie
    const copy = new Response(response.body, response);
    copy.headers.append("set-cookie", cookie);
    return copy;
  }
}

type Handler<Q, B> = (ctx: RouteContext<Q, B>) => Promise<Response>;

async function readJsonBody<S extends ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  // 415 for anything but application/json: a cross-site <form> can only send text/plain, urlencoded or
  // multipart, and a cross-site fetch of JSON needs a CORS preflight this server never grants.
  const raw = await readLimitedBody(request, {
    maxBytes: MAX_JSON_BODY_BYTES,
    tooLargeHint: "This route takes a small JSON object.",
  });
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    throw badRequest("The body is not valid JSON.");
  }
  return schema.parse(json);
}

const PUBLIC = {
  projectId: "",
  apiKeyId: null,
  user: null,
  signingSecret: null,
  rateLimitPerMinute: null,
  actor: { type: "system", id: null, label: "anonymous", ip: null, userAgent: null } satisfies AuditActor,
};

/**
 * Order matters: who is asking comes first (401/403 before anything about the request's shape, so an anonymous
 * caller learns nothing from validation errors), then whether a session request comes from the console's own
 * origin, then the query and the body.
 */
export function apiRoute<
  QS extends ZodType = ZodType<Record<string, never>>,
  BS extends ZodType = ZodType<undefined>,
>(options: {
  access: Access;
  query?: QS;
  body?: BS;
  /** The write path's gate (lib/http/ingest-gate.ts), run after the query is parsed. */
  ingest?: IngestOptions;
  handler: Handler<z.infer<QS>, z.infer<BS>>;
}) {
  return async (request: Request, context: { params?: Promise<Record<string, string>> }) => {
    try {
      const db = await getDb();
      const url = new URL(request.url);
      const auth =
        options.access === "public"
          ? PUBLIC
          : await authenticate(request, db, options.access, url.searchParams.get("project"));
      if (auth.user && isStateChanging(request.method)) assertSameOrigin(request);
      // ?consistent=true on a read: first wait until what this project's runners were acknowledged is projected
      const consistent = url.searchParams.get("consistent");
      url.searchParams.delete("consistent");
      const query = options.query
        ? options.query.parse(Object.fromEntries(url.searchParams))
        : ({} as z.infer<QS>);
      if (consistent !== null && options.access === "read")
        await waitConsistent(db, auth.projectId, consistent);
      const body = options.body ? await readJsonBody(request, options.body) : (undefined as z.infer<BS>);
      const rawBody = options.ingest
        ? await passIngestGate(request, db, { ...auth, userId: auth.user?.id ?? null }, options.ingest)
        : null;
      const params = (await context.params) ?? {};
      // reads run on the read pool (db/read.ts: the replica when there is one, unless this caller just wrote);
      // authentication above stays on the main one
      // (a consistent read waited for projections committed on the primary: it reads the primary too)
      const handlerDb =
        options.access !== "read"
          ? db
          : consistent === "true"
            ? await getPrimaryReadDb()
            : await getReadDb({ request, apiKeyId: auth.apiKeyId });
      const response = await options.handler({
        request,
        db: handlerDb,
        query,
        body,
        rawBody,
        params,
        ...auth,
      });
      return changesState(request.method) && response.status < 400 ? markWriter(response, auth) : response;
    } catch (error) {
      return errorResponse(error);
    }
  };
}
