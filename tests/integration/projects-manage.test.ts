// Settings > Projects through its server actions (issue 19, point 13): creating a project leaves the console on
// the project in view, a rename changes the name only and is audited with before/after, deleting the project in
// view says which one the console shows now; and an API key used with ?project= of another project is refused
// with a clear 403 on every API route instead of being silently answered for its own project.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DbHandle, getDbHandle } from "@/db/client";
import { auditLog, project } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createProjectAction, deleteProjectAction, renameProjectAction } from "@/lib/projects/actions";
import { createTestProject } from "../helpers/db";
import { discoverRoutes } from "../helpers/routes";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

const request = vi.hoisted(() => ({ cookie: "", jar: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ cookie: request.cookie, "user-agent": "projects-test" }),
  cookies: async () => ({
    get: (name: string) => (request.jar.has(name) ? { name, value: request.jar.get(name) } : undefined),
    set: (name: string, value: string) => void request.jar.set(name, value),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

let handle: DbHandle;
let admin: { id: string; email: string };
let a: { id: string; slug: string; name: string };

beforeAll(async () => {
  handle = await getDbHandle();
  a = await createTestProject(handle);
  const created = await createUser(handle.db, "admin");
  admin = created;
  request.cookie = await signIn(created);
});
afterAll(() => {
  request.cookie = "";
});

const auditOf = (objectId: string, action: string) =>
  handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.objectId, objectId), eq(auditLog.action, action)));

describe("project actions", () => {
  it("creating a project keeps the console on the project in view", async () => {
    request.jar = new Map([["fw_project", a.slug]]);
    const slug = `new-${randomUUID().slice(0, 8)}`;
    expect(await createProjectAction({ slug })).toEqual({ ok: true, slug });
    // the old action set fw_project to the new slug: the console and its banners silently relabelled
    expect(request.jar.get("fw_project")).toBe(a.slug);
  });

  it("renames the display name only, audited with before and after", async () => {
    const p = await createTestProject(handle);
    expect(await renameProjectAction({ slug: p.slug, name: "  Production fleet " })).toEqual({ ok: true });
    const [row] = await handle.db.select().from(project).where(eq(project.id, p.id));
    // the name is trimmed; the slug (URLs, keys, runners' --project) is unchanged
    expect({ slug: row?.slug, name: row?.name }).toEqual({ slug: p.slug, name: "Production fleet" });
    const entries = await auditOf(p.id, "project.rename");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: admin.id,
      objectType: "project",
      objectLabel: p.slug,
      projectId: p.id,
      before: { name: p.slug },
      after: { name: "Production fleet" },
    });
    // the same name again changes nothing and records nothing
    expect(await renameProjectAction({ slug: p.slug, name: "Production fleet" })).toEqual({ ok: true });
    expect(await auditOf(p.id, "project.rename")).toHaveLength(1);
    // hostile input gets the form's message, not a 500
    expect(await renameProjectAction({ slug: p.slug, name: "   " })).toEqual({
      ok: false,
      error: "Give the project a name.",
    });
    expect(await renameProjectAction({ slug: p.slug, name: "a\u0000b" })).toEqual({
      ok: false,
      error: "The name cannot hold control characters.",
    });
    expect(await renameProjectAction({ slug: "../etc", name: "x" })).toEqual({
      ok: false,
      error: "Pick a project from the list.",
    });
  });

  it("deleting the project in view switches the console visibly, to the first project left", async () => {
    const p = await createTestProject(handle);
    request.jar = new Map([["fw_project", p.slug]]);
    const r = await deleteProjectAction({ slug: p.slug, confirm: p.slug });
    expect(r).toMatchObject({ ok: true, showing: expect.any(String) });
    expect(request.jar.get("fw_project")).not.toBe(p.slug);
    expect(await auditOf(p.id, "project.delete")).toHaveLength(1);
    // deleting another project than the one in view leaves the view alone
    const q = await createTestProject(handle);
    request.jar = new Map([["fw_project", a.slug]]);
    expect(await deleteProjectAction({ slug: q.slug, confirm: q.slug })).toEqual({ ok: true, showing: null });
    expect(request.jar.get("fw_project")).toBe(a.slug);
  });
});

describe("an API key used with ?project= of another project", () => {
  it("gets 403 with a message naming its own project on every API route, and its own slug still works", async () => {
    const b = await createTestProject(handle);
    const { key } = await createApiKey({
      db: handle.db,
      projectId: a.id,
      name: "scripts",
      scopes: ["ingest", "read", "triage", "config"],
    });
    const routes = [
      ...(await discoverRoutes("app/api/v1")),
      ...(await discoverRoutes("app/api/metrics")),
    ].filter((r) => r.file !== "app/api/v1/openapi.json/route.ts");
    // every GET, POST, PUT, PATCH and DELETE of the API (about 50 today): none may serve project A silently
    expect(routes.length).toBeGreaterThanOrEqual(40);
    const missing = `nope-${randomUUID().slice(0, 8)}`;
    const call = async (route: (typeof routes)[number], slug: string) => {
      const params = { id: randomUUID(), name: "scout" };
      const url = route.pattern.replace(/\[(\w+)\]/g, (_, n: string) => params[n as "id" | "name"] ?? "x");
      const res = await route.handler(
        new Request(`${TEST_ORIGIN}${url}?project=${slug}`, {
          method: route.method,
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: route.method === "GET" || route.method === "DELETE" ? undefined : "{}",
        }),
        { params: Promise.resolve(params) },
      );
      const text = await res.text();
      const json = (() => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return null; // the metrics route answers text/plain
        }
      })();
      const message = errorResponseSchema.safeParse(json).data?.error.message;
      return { status: res.status, message };
    };
    const refusal = (slug: string) =>
      `This API key belongs to project "${a.slug}" and cannot be used with ?project="${slug}". ` +
      "Use a key of that project, or leave ?project= out.";
    const wrong: string[] = [];
    for (const route of routes) {
      const other = await call(route, b.slug);
      const unknown = await call(route, missing);
      const own = await call(route, a.slug);
      const ok =
        other.status === 403 &&
        other.message === refusal(b.slug) &&
        // a slug that does not exist gets the same answer: the key learns nothing about other projects
        unknown.status === 403 &&
        unknown.message === refusal(missing) &&
        own.message !== refusal(a.slug);
      if (!ok) wrong.push(`${route.method} ${route.pattern}: ${JSON.stringify({ other, unknown, own })}`);
    }
    expect(wrong).toEqual([]);
  });
});
