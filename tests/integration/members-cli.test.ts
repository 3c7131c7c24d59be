// Issue 14, point 7: npm run user:create / user:reset against DATABASE_URL (the test database), as a shell would.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { auditLog, user } from "@/db/schema";
import { acceptInvite, resetPassword } from "@/lib/members/accept";
import { openTestDb } from "../helpers/db";
import { createUser, signIn } from "../helpers/users";

const root = path.resolve(import.meta.dirname, "../..");

function run(script: "user-create" | "user-reset", args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: inject("databaseUrl"),
    FLEETWATCH_URL: "https://fleet.example.com",
    LOG_LEVEL: "silent",
  };
  return spawnSync(path.join(root, "node_modules/.bin/tsx"), [`scripts/${script}.ts`, ...args], {
    cwd: root,
    env,
    encoding: "utf8",
  });
}

describe("user:create and user:reset", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(() => handle.close());

  it("user:create prints an invite URL on FLEETWATCH_URL that creates the account with the role", async () => {
    const email = `cli-${Date.now()}@fleet.test`;
    const r = run("user-create", ["--email", email, "--role", "admin", "--name", "Cli Admin"]);
    expect(r.stderr).toContain(`invite for ${email} as admin`);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^https:\/\/fleet\.example\.com\/invite\/[A-Za-z0-9_-]{43}\n$/);
    const token = r.stdout.trim().split("/").pop() ?? "";
    const accepted = await acceptInvite(handle.db, {
      token,
      input: { name: "Cli Admin", password: "cli admin password" },
      headers: null,
    });
    expect(accepted.ok).toBe(true);
    const [row] = await handle.db.select().from(user).where(eq(user.email, email));
    expect(row?.role).toBe("admin");
    const [audit] = await handle.db.select().from(auditLog).where(eq(auditLog.objectLabel, email));
    expect(audit).toMatchObject({
      action: "member.invite",
      actorType: "system",
      actorLabel: "cli user:create (Cli Admin)",
    });
  });

  it("user:create refuses a bad role, a bad email and a missing email with exit 2 and a clear message", () => {
    const badRole = run("user-create", ["--email", "x@fleet.test", "--role", "root"]);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain("--role must be one of: owner, admin, member, viewer");
    const badEmail = run("user-create", ["--email", "not-an-email", "--role", "viewer"]);
    expect(badEmail.status).toBe(2);
    expect(badEmail.stderr).toContain("valid email");
    expect(run("user-create", []).stderr).toContain("--email is required");
  });

  it("user:reset prints a reset link that sets the password; an unknown email is refused", async () => {
    const member = await createUser(handle.db, "member", "forgotten password");
    const r = run("user-reset", ["--email", member.email.toUpperCase()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^https:\/\/fleet\.example\.com\/reset\/[A-Za-z0-9_-]{43}\n$/);
    const done = await resetPassword(handle.db, {
      token: r.stdout.trim().split("/").pop() ?? "",
      password: "remembered password",
      headers: null,
    });
    expect(done.ok).toBe(true);
    await expect(signIn({ email: member.email, password: "remembered password" })).resolves.toMatch(
      /session_token=/,
    );
    const unknown = run("user-reset", ["--email", "nobody-here@fleet.test"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("no account with the email nobody-here@fleet.test");
  });
});
