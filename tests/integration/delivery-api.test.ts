// /api/v1/alert-destinations with real Requests: an admin session or a key with the config scope; a member's
// session and a read key get 403; secrets never come back after creation; every change is audited (secrets
// left out); bad input is a 400 that says what to fix; the OpenAPI document lists the routes.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getOne, DELETE as remove, PATCH as update } from "@/app/api/v1/alert-destinations/[id]/route";
import { POST as sendTest } from "@/app/api/v1/alert-destinations/[id]/test/route";
import { POST as create, GET as list } from "@/app/api/v1/alert-destinations/route";
import { GET as openapi } from "@/app/api/v1/openapi.json/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { auditLog, destination } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import {
  destinationCreatedSchema,
  destinationDetailSchema,
  destinationListSchema,
  destinationViewSchema,
  testOutcomeSchema,
} from "@/lib/delivery/schemas";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createTestProject } from "../helpers/db";
import { loopbackReceiver } from "../helpers/receiver";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

vi.hoisted(() => {
  process.env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE = "1";
});

let handle: DbHandle;
let projectId: string;
let projectSlug: string;
let configKey: string;
let readKey: string;
let adminCookie: string;
let memberCookie: string;

beforeAll(async () => {
  handle = await getDbHandle();
  const p = await createTestProject(handle);
  projectId = p.id;
  projectSlug = p.slug;
  configKey = (await createApiKey({ db: handle.db, projectId, name: "cfg", scopes: ["config"] })).key;
  readKey = (await createApiKey({ db: handle.db, projectId, name: "rd", scopes: ["read"] })).key;
  adminCookie = await signIn(await createUser(handle.db, "admin"));
  memberCookie = await signIn(await createUser(handle.db, "member"));
});
afterAll(async () => {
  await handle.close();
});

type Auth = { key: string } | { cookie: string };
const URL_BASE = `${TEST_ORIGIN}/api/v1/alert-destinations`;

function req(path: string, method: string, auth: Auth, body?: unknown) {
  const headers: Record<string, string> =
    "key" in auth
      ? { authorization: `Bearer ${auth.key}` }
      : { cookie: auth.cookie, origin: TEST_ORIGIN, host: new URL(TEST_ORIGIN).host };
  if (body !== undefined) headers["content-type"] = "application/json";
  // a session names its project with ?project= (a key belongs to one)
  const query = "key" in auth ? "" : `?project=${projectSlug}`;
  return new Request(`${URL_BASE}${path}${query}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const ctx = (id?: string) => ({ params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });

async function expectError(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  expect(errorResponseSchema.parse(await res.json()).error.message).toMatch(message);
}

describe("alert destinations API", () => {
  it("creates, lists, changes and deletes with a config key; secrets only in the create answer", async () => {
    const auth = { key: configKey };
    const res = await create(
      req("", "POST", auth, { name: "hook", kind: "webhook", config: { url: "http://127.0.0.1:9/x" } }),
      ctx(),
    );
    expect(res.status).toBe(201);
    const created = destinationCreatedSchema.parse(await res.json());
    expect(created.secret).toMatch(/^whsec_/);
    expect(created.destination.config).toEqual({ url: "http://127.0.0.1:9/x", secret: "set" });
    const id = created.destination.id;

    const pd = await create(
      req("", "POST", auth, { name: "pd", kind: "pagerduty", config: { routingKey: "k".repeat(32) } }),
      ctx(),
    );
    const pdView = destinationCreatedSchema.parse(await pd.json()).destination;
    expect(pdView.config).toEqual({ routingKey: "set", url: "https://events.pagerduty.com/v2/enqueue" });

    const listed = destinationListSchema.parse(await (await list(req("", "GET", auth), ctx())).json());
    expect(listed.destinations.map((d) => d.name)).toEqual(["hook", "pd"]);
    const raw = JSON.stringify(listed);
    expect(raw).not.toContain(created.secret as string);
    expect(raw).not.toContain("k".repeat(32));

    // a new URL keeps the secret; disabling is a PATCH
    const patched = await update(
      req(`/${id}`, "PATCH", auth, { enabled: false, config: { url: "http://127.0.0.1:9/y" } }),
      ctx(id),
    );
    expect(destinationViewSchema.parse(await patched.json())).toMatchObject({
      enabled: false,
      config: { url: "http://127.0.0.1:9/y", secret: "set" },
    });
    const [stored] = await handle.db.select().from(destination).where(eq(destination.id, id));
    expect((stored?.config as { secret?: string } | undefined)?.secret).toBe(created.secret);

    expect((await remove(req(`/${id}`, "DELETE", auth), ctx(id))).status).toBe(204);
    await expectError(await getOne(req(`/${id}`, "GET", auth), ctx(id)), 404, /No such alert destination/);

    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.objectId, id));
    expect(audit.map((a) => a.action)).toEqual([
      "destination.create",
      "destination.update",
      "destination.delete",
    ]);
    expect(audit.every((a) => a.actorType === "key" && a.actorLabel.startsWith("key cfg"))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(created.secret as string);
  });

  it("lets an admin session send a test and read the delivery log; a member and a read key get 403", async () => {
    const recv = await loopbackReceiver(() => ({ status: 200 }));
    try {
      const admin = { cookie: adminCookie };
      const res = await create(
        req("", "POST", admin, {
          name: "#ops",
          kind: "slack",
          config: { url: `http://127.0.0.1:${recv.port}/s` },
        }),
        ctx(),
      );
      expect(res.status).toBe(201);
      const { destination: d } = destinationCreatedSchema.parse(await res.json());
      // the Slack URL's path is its token: only the origin is shown
      expect(d.config).toEqual({ url: `http://127.0.0.1:${recv.port}/…` });
      const outcome = testOutcomeSchema.parse(
        await (await sendTest(req(`/${d.id}/test`, "POST", admin), ctx(d.id))).json(),
      );
      expect(outcome).toMatchObject({ status: "sent", attempts: 1, responseStatus: 200 });
      expect(recv.got).toHaveLength(1);
      const detail = destinationDetailSchema.parse(
        await (await getOne(req(`/${d.id}`, "GET", admin), ctx(d.id))).json(),
      );
      expect(detail.deliveries.map((r) => [r.kind, r.status, r.attempts, r.responseStatus])).toEqual([
        ["test", "sent", 1, 200],
      ]);

      await expectError(await list(req("", "GET", { cookie: memberCookie }), ctx()), 403, /Only an admin/);
      await expectError(
        await sendTest(req(`/${d.id}/test`, "POST", { cookie: memberCookie }), ctx(d.id)),
        403,
        /Only an admin/,
      );
      await expectError(await list(req("", "GET", { key: readKey }), ctx()), 403, /lacks the "config" scope/);
      expect(recv.got).toHaveLength(1);
    } finally {
      await recv.close();
    }
  });

  it("answers 400 with what to fix for hostile or wrong input", async () => {
    const auth = { key: configKey };
    const post = (body: unknown) => create(req("", "POST", auth, body), ctx());
    await expectError(await post({ name: "x", kind: "sms", config: {} }), 400, /kind/);
    await expectError(
      await post({ name: "x", kind: "email", config: { to: [] } }),
      400,
      /at least one address/,
    );
    await expectError(
      await post({ name: "x", kind: "pagerduty", config: { routingKey: "short" } }),
      400,
      /32 letters and digits/,
    );
    await expectError(
      await post({ name: "x", kind: "slack", config: { url: "http://169.254.169.254/latest" } }),
      400,
      /will not send there/,
    );
    await expectError(
      await post({ name: "x", kind: "slack", config: { url: "file:///etc/passwd" } }),
      400,
      /URL/,
    );
    await expectError(
      await update(req("/not-a-uuid", "PATCH", auth, { enabled: true }), ctx("not-a-uuid")),
      404,
      /No such/,
    );
    // a destination of another project is not found
    const other = (await createTestProject(handle)).id;
    const otherKey = (await createApiKey({ db: handle.db, projectId: other, name: "o", scopes: ["config"] }))
      .key;
    const mine = destinationCreatedSchema.parse(
      await (await post({ name: "m", kind: "email", config: { to: ["a@b.io"] } })).json(),
    ).destination;
    await expectError(
      await remove(req(`/${mine.id}`, "DELETE", { key: otherKey }), ctx(mine.id)),
      404,
      /No such/,
    );
    await expectError(
      await update(req(`/${mine.id}`, "PATCH", auth, { config: { url: "https://x.io" } }), ctx(mine.id)),
      400,
      /Unrecognized key|expected array/i,
    );
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await openapi().json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths["/api/v1/alert-destinations"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/api/v1/alert-destinations/{id}"] ?? {}).sort()).toEqual([
      "delete",
      "get",
      "patch",
    ]);
    expect(doc.paths["/api/v1/alert-destinations/{id}/test"]?.post).toBeDefined();
  });
});
