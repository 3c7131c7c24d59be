// The role matrix's common ground: the roles, who may do what (lib/auth/roles.ts written out), and a project
// with one failure issue and a signed-in session of each role (real users, real better-auth sessions).
import { eq } from "drizzle-orm";
import { type DbHandle, getDbHandle } from "@/db/client";
import { failureIssue } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject } from "./db";
import { failingJob } from "./failures";
import { createUser, signIn } from "./users";

export type Level = "read" | "triage" | "admin";
export const ROLES: Role[] = ["owner", "admin", "member", "viewer"];
/** lib/auth/roles.ts, written out: who may do what. */
export const ALLOWED: Record<Level, Role[]> = {
  read: ["owner", "admin", "member", "viewer"],
  triage: ["owner", "admin", "member"],
  admin: ["owner", "admin"],
};

export type RoleMatrix = {
  handle: DbHandle;
  project: { id: string; slug: string; name: string };
  /** A failure issue of the project, for the triage routes. */
  issueId: string;
  /** A viewer whose project access the admin-only action changes. */
  accessTarget: string;
  /** The session cookie of a user of each role. */
  cookies: Map<Role, string>;
};

export async function setupRoleMatrix(): Promise<RoleMatrix> {
  const handle = await getDbHandle();
  const project = await createTestProject(handle);
  await ingestBatch({
    db: handle.db,
    projectId: project.id,
    apiKeyId: null,
    rawEvents: failingJob("Error: role matrix probe failed", 5),
  });
  const [issue] = await handle.db
    .select({ id: failureIssue.id })
    .from(failureIssue)
    .where(eq(failureIssue.projectId, project.id));
  const cookies = new Map<Role, string>();
  for (const role of ROLES) cookies.set(role, await signIn(await createUser(handle.db, role)));
  const accessTarget = (await createUser(handle.db, "viewer")).id;
  return { handle, project, issueId: issue?.id ?? "", accessTarget, cookies };
}
