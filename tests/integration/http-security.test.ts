// The HTTP floor against hostile requests: every protected route answers 401 before it looks at the request's
// shape, and no state-changing route acts on a session cookie sent from another origin (CSRF). Route modules
// are found on disk, so a route added later is covered without touching this file.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, getDbHandle } from "@/db/client";
import { failureRule } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createTestProject } from "../helpers/db";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = {
  file: string;
  urlPath: string;
  params: Record<string, string>;
  method: string;
  handler: Handler;
};

const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/** Public on purpose: the readiness probe, the API description, better-auth's own routes (sign-in...). */
const PUBLIC = [
  "app/api/health/route.ts",
  "app/api/v1/openapi.json/route.ts",
  "app/api/auth/[...all]/route.ts",
];
/** Routes only an API key can call (a session cookie is never accepted): their answer to a cookie is 401. */
const KEY_ONLY = ["/api/v1/events", "/api/otlp/v1/traces", "/api/otlp/v1/metrics", "/api/otlp/v1/logs"];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return routeFiles(rel);
    return e.name === "route.ts" ? [rel] : [];
  });
}

async function loadRoutes(): Promise<{ routes: Route[]; publicFound: string[] }> {
  const files = routeFiles("app/api");
  const routes: Route[] = [];
  for (const file of files.filter((f) => !PUBLIC.includes(f))) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    const segments = file
      .replace(/^app/, "")
      .replace(/\/route\.ts$/, "")
      .split("/");
    const params: Record<string, string> = {};
    const urlPath = segments
      .map((s) => {
        const dynamic = /^\[(\w+)\]$/.exec(s)?.[1];
        if (!dynamic) return s;
        params[dynamic] = dynamic === "id" ? randomUUID() : "scout";
        return params[dynamic];
      })
      .join("/");
    for (const method of METHODS) {
      if (typeof mod[method] === "function") {
        routes.push({ file, urlPath, params, method, handler: mod[method] as Handler });
      }
    }
  }
  return { routes, publicFound: files.filter((f) => PUBLIC.includes(f)) };
}

const call = (route: Route, query: string, headers: Record<string, string>, body?: string) =>
  route.handler(
    new Request(`${TEST_ORIGIN}${route.urlPath}${query}`, {
      method: route.method,
      headers: { host: new URL(TEST_ORIGIN).host, ...headers },
      body: route.method === "GET" ? undefined : body,
    }),
    { params: Promise.resolve(route.params) },
  );

let handle: DbHandle;
let routes: Route[];
let publicFound: string[];

beforeAll(async () => {
  handle = await getDbHandle();
  ({ routes, publicFound } = await loadRoutes());
});
afterAll(async () => {
  await handle.close();
});

describe("authentication before validation", () => {
  it("finds the API's route modules, and the public ones only by name", () => {
    // 26 route files today (29 minus the 3 public ones); 29 exported handlers among them.
    expect(publicFound.sort()).toEqual([...PUBLIC].sort());
    expect(new Set(routes.map((r) => r.file)).size).toBeGreaterThanOrEqual(26);
    expect(routes.length).toBeGreaterThanOrEqual(29);
  });

  it("answers 401 on every protected route and method without credentials, whatever the query and body", async () => {
    // A garbage query (an unknown range, a negative limit, an unparsable date) and a body that is not JSON, sent
    // as text/plain: before the fix, routes with a query schema answered 400 and told an anonymous caller
    // which parameters they take.
    const failures: string[] = [];
    for (const route of routes) {
      const res = await call(
        route,
        "?range=zzz&limit=-1&from=x&to=&agent=%00&project=zzz",
        {
          "content-type": "text/plain",
        },
        "{not json",
      );
      if (res.status !== 401) failures.push(`${route.method} ${route.urlPath}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});

describe("CSRF: a session cookie from another origin", () => {
  let projectSlug: string;
  let projectId: string;
  let cookie: string;
  let triageKey: string;
  const rule = { name: "csrf probe", failure_class: "infra", message_pattern: "csrf-probe" };
  /** The same host on another port: a different origin (RFC 6454), whose pages the cookie still goes with. */
  const EVIL = "http://fleetwatch.test:8080";

  beforeAll(async () => {
    const project = await createTestProject(handle);
    projectSlug = project.slug;
    projectId = project.id;
    cookie = await signIn(await createUser(handle.db, "admin"));
    triageKey = (await createApiKey({ db: handle.db, projectId, name: "t", scopes: ["triage", "read"] })).key;
  });

  const rulesIn = async () =>
    handle.db.select().from(failureRule).where(eq(failureRule.projectId, projectId));
  const writes = () => routes.filter((r) => r.method !== "GET");
  const sessionWrites = () => writes().filter((r) => !KEY_ONLY.includes(r.urlPath));

  it("lists every state-changing route (a guard that the enumeration below is not empty)", () => {
    // rules POST, PATCH, DELETE, apply, preview; triage, bulk-triage; import = 8 session-authorised writes.
    expect(sessionWrites().length).toBeGreaterThanOrEqual(8);
  });

  it("refuses every state-changing route with 403 when Origin is another port of the same host", async () => {
    const answers: string[] = [];
    for (const route of sessionWrites()) {
      const res = await call(
        route,
        `?project=${projectSlug}`,
        { cookie, origin: EVIL, "content-type": "application/json" },
        JSON.stringify(rule),
      );
      const body = errorResponseSchema.parse(await res.json());
      answers.push(`${route.method} ${route.urlPath}: ${res.status} ${body.error.code}`);
      expect(body.error.message).toContain(`Origin ${EVIL} is not this console's (${TEST_ORIGIN})`);
    }
    expect(answers.filter((a) => !a.endsWith(": 403 cross_origin"))).toEqual([]);
    expect(await rulesIn()).toEqual([]); // the rule POST did not happen
  });

  it("never accepts a session cookie on the key-only routes", async () => {
    for (const route of writes().filter((r) => KEY_ONLY.includes(r.urlPath))) {
      const res = await call(
        route,
        "",
        { cookie, origin: TEST_ORIGIN, "content-type": "application/json" },
        "{}",
      );
      expect(res.status, `${route.method} ${route.urlPath}`).toBe(401);
    }
  });

  it("refuses Origin null, a foreign scheme, and a cross-site or same-site Sec-Fetch-Site without Origin", async () => {
    const post = routes.find((r) => r.urlPath === "/api/v1/failure-rules" && r.method === "POST") as Route;
    const json = { cookie, "content-type": "application/json" };
    const probes: Record<string, string>[] = [
      { origin: "null" },
      { origin: "https://fleetwatch.test" }, // same host, other scheme
      { origin: "http://evil.test" },
      { "sec-fetch-site": "cross-site" },
      { "sec-fetch-site": "same-site" }, // a sibling subdomain
    ];
    for (const headers of probes) {
      const res = await call(post, `?project=${projectSlug}`, { ...json, ...headers }, JSON.stringify(rule));
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    expect(await rulesIn()).toEqual([]);
  });

  it("accepts the console's own origin, and an API key without any Origin (runners)", async () => {
    const post = routes.find((r) => r.urlPath === "/api/v1/failure-rules" && r.method === "POST") as Route;
    const own = await call(
      post,
      `?project=${projectSlug}`,
      { cookie, origin: TEST_ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json" },
      JSON.stringify(rule),
    );
    expect(own.status).toBe(201);
    const byKey = await call(
      post,
      "",
      { authorization: `Bearer ${triageKey}`, "content-type": "application/json" },
      JSON.stringify({ ...rule, name: "by key" }),
    );
    expect(byKey.status).toBe(201);
    expect((await rulesIn()).map((r) => r.name).sort()).toEqual(["by key", "csrf probe"]);
  });

  it("answers 415 when a JSON route gets text/plain, a form or multipart (what a cross-site form can send)", async () => {
    // routes that read no body (DELETE, apply, incident ack/resolve) are left out: they answer the same whatever it is
    const jsonRoutes = sessionWrites().filter(
      // bodiless POSTs (start a re-classification, send a test, acknowledge, resolve) read no body: the origin
      // check guards them
      (r) =>
        r.method !== "DELETE" &&
        !r.urlPath.endsWith("/failure-rules/apply") &&
        !/\/alert-destinations\/[^/]+\/test$/.test(r.urlPath) &&
        !/\/incidents\/[^/]+\/(ack|resolve)$/.test(r.urlPath),
    );
    // rules POST, PATCH, preview; triage, bulk-triage; import; alert destinations POST, PATCH; alert-rules/test;
    // alert rules POST, PATCH; escalation policies POST, PATCH; silences POST, PATCH; jobs/[id]/abandon
    expect(jsonRoutes.length).toBe(16);
    const answers: string[] = [];
    for (const route of jsonRoutes) {
      for (const type of [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
      ]) {
        const res = await call(
          route,
          `?project=${projectSlug}`,
          { cookie, origin: TEST_ORIGIN, "content-type": type },
          JSON.stringify(rule),
        );
        answers.push(`${route.method} ${route.urlPath} ${type.split(";")[0]}: ${res.status}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith(": 415"))).toEqual([]);
  });
});

describe("assertSameOrigin with a public URL (FLEETWATCH_URL)", () => {
  const req = (headers: Record<string, string>) =>
    new Request("http://10.0.0.5:3000/api/v1/failure-rules", { method: "POST", headers });

  it("compares Origin with the public URL, not with the Host the request reached", () => {
    const publicUrl = "https://fleet.example.com";
    expect(() =>
      assertSameOrigin(req({ host: "10.0.0.5:3000", origin: publicUrl }), publicUrl),
    ).not.toThrow();
    // The internal address is not the console's origin once a public URL is set.
    expect(() =>
      assertSameOrigin(req({ host: "10.0.0.5:3000", origin: "http://10.0.0.5:3000" }), publicUrl),
    ).toThrow(/not this console's \(https:\/\/fleet\.example\.com\)/);
    expect(() =>
      assertSameOrigin(req({ host: "fleet.example.com", origin: "http://fleet.example.com" }), publicUrl),
    ).toThrow();
    // A default port written out is the same origin (browsers drop it).
    expect(() =>
      assertSameOrigin(req({ origin: "https://FLEET.example.com" }), `${publicUrl}:443`),
    ).not.toThrow();
  });

  it("without a public URL uses the Host and X-Forwarded-Proto", () => {
    const headers = { host: "fleet.lan:3000", "x-forwarded-proto": "https" };
    expect(() =>
      assertSameOrigin(req({ ...headers, origin: "https://fleet.lan:3000" }), undefined),
    ).not.toThrow();
    expect(() => assertSameOrigin(req({ ...headers, origin: "http://fleet.lan:3000" }), undefined)).toThrow();
    expect(() =>
      assertSameOrigin(req({ ...headers, origin: "https://fleet.lan:3001" }), undefined),
    ).toThrow();
  });
});
