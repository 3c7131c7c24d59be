// Assignment: "Assign to" lists the project's people who can own triage (active members and up with access to
// the project, "me" first), the server refuses anyone else, and "Assigned to me" shows the caller's issues.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as triageRoute } from "@/app/api/v1/issues/[id]/triage/route";
import { GET as issuesRoute } from "@/app/api/v1/issues/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { failureIssue, projectAccess, user } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { listAssignees } from "@/lib/failures/assignees";
import { issuesPageSchema } from "@/lib/failures/schemas";
import { ingestBatch } from "@/lib/ingest/ingest";
import { errorResponseSchema } from "@/lib/ingest/protocol";
import { createTestProject } from "../helpers/db";
import { failingJob } from "../helpers/failures";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

let handle: DbHandle;
let p: { id: string; slug: string };
let q: { id: string; slug: string };
let issues: string[];
const people: Record<string, { id: string; email: string; password: string }> = {};
const REFUSED =
  "That person can't be assigned here: assign an active member or admin who has access to this project.";

/** A user with a distinct name (the list is ordered by name) and the given role and access. */
async function person(name: string, role: Role, limits?: { projects: string[] }) {
  const u = await createUser(handle.db, role);
  await handle.db.update(user).set({ name, allProjects: !limits }).where(eq(user.id, u.id));
  for (const projectId of limits?.projects ?? []) {
    await handle.db.insert(projectAccess).values({ userId: u.id, projectId });
  }
  people[name] = u;
  return u;
}

beforeAll(async () => {
  handle = await getDbHandle();
  p = await createTestProject(handle);
  q = await createTestProject(handle);
  await ingestBatch({
    db: handle.db,
    projectId: p.id,
    apiKeyId: null,
    rawEvents: [...failingJob("Error: first assignment probe", 5), ...failingJob("Timeout: second probe", 9)],
  });
  issues = (
    await handle.db.select({ id: failureIssue.id }).from(failureIssue).where(eq(failureIssue.projectId, p.id))
  ).map((r) => r.id);
  // Names chosen so the alphabetical order is visible: "Zed" is me and still comes first.
  await person("Zed (me)", "member");
  await person("Ann admin", "admin");
  await person("Bea limited to P", "member", { projects: [p.id] });
  await person("Cal limited to Q", "member", { projects: [q.id] });
  await person("Dot viewer", "viewer");
  await person("Eve deactivated", "member");
  await handle.db
    .update(user)
    .set({ deactivatedAt: new Date() })
    .where(eq(user.id, people["Eve deactivated"]?.id ?? ""));
  await person("Fay removed", "member");
  await handle.db
    .update(user)
    .set({ removedAt: new Date() })
    .where(eq(user.id, people["Fay removed"]?.id ?? ""));
});

const id = (name: string) => people[name]?.id ?? "";

describe("who can be assigned", () => {
  it("lists me first, then the project's active members and admins with access, by name", async () => {
    const list = await listAssignees({ db: handle.db, projectId: p.id, me: id("Zed (me)") });
    // Other tests' users (all "Test <role>", all projects) are in the instance too: keep this test's own.
    const mine = list.filter((u) => Object.values(people).some((x) => x.id === u.id)).map((u) => u.name);
    // Zed is me; Ann (admin, sees all), Bea (limited to P) in name order. Not Cal (limited to Q), Dot (viewer:
    // cannot resolve what they own), Eve (deactivated), Fay (removed).
    expect(mine).toEqual(["Zed (me)", "Ann admin", "Bea limited to P"]);
    expect(list[0]).toMatchObject({ id: id("Zed (me)"), me: true });
  });

  it("lists Cal for Q, where Cal has access, and not Bea", async () => {
    const list = await listAssignees({ db: handle.db, projectId: q.id, me: null });
    const names = list.map((u) => u.name);
    expect(names).toContain("Cal limited to Q");
    expect(names).not.toContain("Bea limited to P");
  });
});

describe("the triage route", () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await signIn(people["Zed (me)"] as { email: string; password: string });
  });
  const assign = (issueId: string, userId: string | null) =>
    triageRoute(
      new Request(`${TEST_ORIGIN}/api/v1/issues/${issueId}/triage?project=${p.slug}`, {
        method: "POST",
        headers: {
          host: new URL(TEST_ORIGIN).host,
          origin: TEST_ORIGIN,
          cookie,
          "content-type": "application/json",
        },
        body: JSON.stringify({ action: "assign", user_id: userId }),
      }),
      { params: Promise.resolve({ id: issueId }) },
    );
  const assignee = async (issueId: string) =>
    (await handle.db.select().from(failureIssue).where(eq(failureIssue.id, issueId)))[0]?.assigneeId;

  it("refuses a member without access to the project, a viewer, a deactivated and a removed account", async () => {
    const issue = issues[0] ?? "";
    for (const name of ["Cal limited to Q", "Dot viewer", "Eve deactivated", "Fay removed", "nobody"]) {
      const res = await assign(issue, id(name) || "no-such-user");
      expect(res.status, name).toBe(400);
      expect(errorResponseSchema.parse(await res.json()).error.message).toBe(REFUSED);
    }
    expect(await assignee(issue)).toBeNull();
  });

  it("assigns to a member with access, to me, and unassigns", async () => {
    const [first = "", second = ""] = issues;
    expect((await assign(first, id("Bea limited to P"))).status).toBe(200);
    expect(await assignee(first)).toBe(id("Bea limited to P"));
    // the queue's "a" and the list's "a" send the caller's own id
    expect((await assign(second, id("Zed (me)"))).status).toBe(200);
    expect(await assignee(second)).toBe(id("Zed (me)"));
    expect((await assign(first, null)).status).toBe(200);
    expect(await assignee(first)).toBeNull();
    expect((await assign(first, id("Bea limited to P"))).status).toBe(200);
  });

  it('"Assigned to me" answers only the caller\'s issues', async () => {
    const res = await issuesRoute(
      new Request(`${TEST_ORIGIN}/api/v1/issues?project=${p.slug}&assignee=me&range=all`, {
        headers: { host: new URL(TEST_ORIGIN).host, cookie },
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    const page = issuesPageSchema.parse(await res.json());
    // of the two issues, the second is Zed's and the first Bea's (previous test)
    expect(page.issues.map((i) => i.id)).toEqual([issues[1]]);
  });
});
