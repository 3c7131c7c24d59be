// Per-project access: a viewer limited to project A never reaches project B, through any read route (found on
// disk), the project switcher or the console's project resolution; an admin sets the limit and the audit log
// records it. A project the account may not see answers exactly like one that does not exist (404).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { switchProjectAction } from "@/components/shell/actions";
import { type DbHandle, getDbHandle } from "@/db/client";
import { auditLog, projectAccess, user } from "@/db/schema";
import { systemActor } from "@/lib/audit/record";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { accessibleProjects, canAccessProject } from "@/lib/projects/access";
import { setProjectAccess } from "@/lib/projects/access-edit";
import { getCurrentProject, resolveProjectForUser } from "@/lib/projects/current";
import { createTestProject } from "../helpers/db";
import { callRoute, discoverRoutes } from "../helpers/routes";
import { createUser, signIn } from "../helpers/users";

const request = vi.hoisted(() => ({ cookie: "", jar: new Map<string, string>() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ cookie: request.cookie }),
  cookies: async () => ({
    get: (name: string) => (request.jar.has(name) ? { name, value: request.jar.get(name) } : undefined),
    set: (name: string, value: string) => void request.jar.set(name, value),
  }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

let handle: DbHandle;
let a: { id: string; slug: string };
let b: { id: string; slug: string };
let viewer: { id: string; email: string; password: string };
let viewerCookie: string;
const admin = systemActor("project-access-test");

beforeAll(async () => {
  handle = await getDbHandle();
  a = await createTestProject(handle);
  b = await createTestProject(handle);
  viewer = await createUser(handle.db, "viewer");
  viewerCookie = await signIn(viewer);
  const r = await setProjectAccess({
    db: handle.db,
    actor: admin,
    input: { userId: viewer.id, allProjects: false, projectIds: [a.id] },
  });
  expect(r).toEqual({ ok: true });
});
afterAll(() => {
  request.cookie = "";
});

/** Reads a viewer is refused in every project (admin work): audit log, alert destinations. */
const ADMIN_ONLY_READS = new Set([
  "/api/v1/audit",
  "/api/v1/audit/csv",
  "/api/v1/alert-destinations",
  "/api/v1/alert-destinations/[id]",
]);

describe("a viewer limited to project A", () => {
  it("sees only A", async () => {
    expect((await accessibleProjects(handle.db, viewer)).map((p) => p.slug)).toEqual([a.slug]);
    expect(await canAccessProject(handle.db, viewer, a.id)).toBe(true);
    expect(await canAccessProject(handle.db, viewer, b.id)).toBe(false);
  });

  it("gets 404 for B from every GET under app/api/v1, the same answer as for a project that does not exist", async () => {
    const routes = (await discoverRoutes("app/api/v1")).filter(
      (r) => r.method === "GET" && r.file !== "app/api/v1/openapi.json/route.ts",
    );
    // agents, agents/[name], costs, costs/jobs, failure-classes, failure-rules, failure-rules/apply, issues,
    // issues/[id], jobs, jobs/[id], jobs/[id]/timeline, jobs/[id]/transcript, models, models/compare, overview,
    // runs/[id], search, standups = 19 (and pipelines, runs, schedules)
    expect(routes.length).toBeGreaterThanOrEqual(19);
    const params = { id: randomUUID(), name: "scout" };
    const missing = `nope-${randomUUID().slice(0, 8)}`;
    const answers: string[] = [];
    for (const route of routes) {
      const call = (slug: string) =>
        callRoute(route, { cookie: viewerCookie, params, query: `?project=${slug}` }).then(async (res) => ({
          status: res.status,
          message: errorResponseSchema.safeParse(await res.json()).data?.error.message,
        }));
      const forB = await call(b.slug);
      const forMissing = await call(missing);
      const forA = await call(a.slug);
      // admin-only reads (the audit log, alert destinations): a viewer is refused them whatever the project
      if (ADMIN_ONLY_READS.has(route.pattern)) {
        answers.push(
          `${route.pattern}: ${forA.status === 403 && forB.status >= 403 ? "ok" : JSON.stringify({ forA, forB })}`,
        );
        continue;
      }
      const ok =
        forB.status === 404 &&
        forB.message === `No project "${b.slug}".` &&
        forMissing.message === `No project "${missing}".` &&
        forA.message !== `No project "${a.slug}".` &&
        forA.status !== 403;
      answers.push(`${route.pattern}: ${ok ? "ok" : JSON.stringify({ forA, forB })}`);
    }
    expect(answers.filter((x) => !x.endsWith(": ok"))).toEqual([]);
  });

  it("has the switcher list only A, falls back to A when the cookie names B, and cannot switch to B", async () => {
    request.cookie = viewerCookie;
    request.jar = new Map([["fw_project", b.slug]]);
    const { current, projects } = await getCurrentProject(handle.db);
    expect(projects.map((p) => p.slug)).toEqual([a.slug]);
    expect(current.slug).toBe(a.slug);
    expect(await switchProjectAction(b.slug)).toEqual({ ok: false, error: `No project "${b.slug}".` });
    expect(request.jar.get("fw_project")).toBe(b.slug); // unchanged
    expect(await switchProjectAction(a.slug)).toEqual({ ok: true });
    expect(request.jar.get("fw_project")).toBe(a.slug);
    // the API's cookie fallback (no ?project=) follows the same rule
    request.jar = new Map([["fw_project", b.slug]]);
    expect((await resolveProjectForUser({ db: handle.db, slug: null, user: viewer })).slug).toBe(a.slug);
  });
});

describe("who the limit applies to", () => {
  it("never limits an admin, even with all_projects = false and no access rows", async () => {
    const other = await createUser(handle.db, "admin");
    await handle.db.update(user).set({ allProjects: false }).where(eq(user.id, other.id));
    const slugs = (await accessibleProjects(handle.db, other)).map((p) => p.slug);
    expect(slugs).toEqual(expect.arrayContaining([a.slug, b.slug]));
  });

  it("refuses to limit an admin, and a member limited to nothing sees no project", async () => {
    const other = await createUser(handle.db, "admin");
    expect(
      await setProjectAccess({
        db: handle.db,
        actor: admin,
        input: { userId: other.id, allProjects: false, projectIds: [a.id] },
      }),
    ).toEqual({ ok: false, error: "Owners and admins always see every project; change the role first." });
    const member = await createUser(handle.db, "member");
    await setProjectAccess({
      db: handle.db,
      actor: admin,
      input: { userId: member.id, allProjects: false, projectIds: [] },
    });
    expect(await accessibleProjects(handle.db, member)).toEqual([]);
  });
});

describe("saving access", () => {
  it("records member.projects with before and after, and 'all projects' clears the list", async () => {
    const member = await createUser(handle.db, "member");
    const save = (allProjects: boolean, projectIds: string[]) =>
      setProjectAccess({
        db: handle.db,
        actor: admin,
        input: { userId: member.id, allProjects, projectIds },
      });
    // A twice in the list is stored once; B then A is listed oldest project first (A was created first)
    expect(await save(false, [b.id, a.id, a.id])).toEqual({ ok: true });
    expect(await save(true, [a.id])).toEqual({ ok: true });
    expect(await handle.db.select().from(projectAccess).where(eq(projectAccess.userId, member.id))).toEqual(
      [],
    );
    const entries = await handle.db
      .select({
        action: auditLog.action,
        before: auditLog.before,
        after: auditLog.after,
        label: auditLog.objectLabel,
      })
      .from(auditLog)
      .where(and(eq(auditLog.objectType, "user"), eq(auditLog.objectId, member.id)))
      .orderBy(auditLog.id);
    expect(entries).toEqual([
      {
        action: "member.projects",
        label: member.email,
        before: { all_projects: true, projects: [] },
        after: { all_projects: false, projects: [a.slug, b.slug] },
      },
      {
        action: "member.projects",
        label: member.email,
        before: { all_projects: false, projects: [a.slug, b.slug] },
        after: { all_projects: true, projects: [] },
      },
    ]);
  });

  it("refuses a project id that does not exist and an unknown account, changing nothing", async () => {
    const member = await createUser(handle.db, "member");
    expect(
      await setProjectAccess({
        db: handle.db,
        actor: admin,
        input: { userId: member.id, allProjects: false, projectIds: [randomUUID()] },
      }),
    ).toEqual({ ok: false, error: "A project in the list no longer exists." });
    expect(
      await setProjectAccess({
        db: handle.db,
        actor: admin,
        input: { userId: "nobody", allProjects: true, projectIds: [] },
      }),
    ).toEqual({ ok: false, error: "No such member." });
    expect(await accessibleProjects(handle.db, member)).not.toEqual([]);
  });
});
