// Issue #12, point 7: concurrent sign-ups on a fresh instance create exactly one admin; the rest are told why.
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { project, user } from "@/db/schema";
import { buildAuth } from "@/lib/auth/server";
import { signUp } from "../helpers/auth-requests";
import { openFreshDb } from "../helpers/fresh-db";

const SECRET = "first-admin-race-test-secret-0123456789";
const RACERS = 10;

describe("first admin on a fresh instance", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    ({ handle } = await openFreshDb("fw_first_admin"));
  });
  afterAll(() => handle.close());

  it(`${RACERS} concurrent sign-ups create exactly one user, an admin; the other ${RACERS - 1} get 403 with a reason`, async () => {
    const auth = buildAuth(handle.db, SECRET);
    // Ten different people (or one person and nine attackers) submit the setup form at the same moment. Each
    // sees an empty user table before inserting; only PostgreSQL can admit exactly one of them.
    const responses = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        signUp(auth, { name: `Racer ${i}`, email: `racer-${i}@fleet.test`, password: `password-${i}-long` }),
      ),
    );
    const outcomes = await Promise.all(
      responses.map(async (res) => ({
        status: res.status,
        body: (await res.json()) as { message?: string },
      })),
    );

    const users = await handle.db.select().from(user);
    expect(users).toHaveLength(1);
    expect(users[0]?.role).toBe("owner");
    expect(users[0]?.setupAdmin).toBe(true);

    const winners = outcomes.filter((o) => o.status === 200);
    const losers = outcomes.filter((o) => o.status !== 200);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(RACERS - 1);
    for (const loser of losers) {
      expect(loser.status).toBe(403);
      expect(loser.body.message).toBe("Sign-up is closed. Ask an admin for an account.");
    }
    // the winner's setup finished: the default project exists
    expect(await handle.db.select().from(project).where(eq(project.slug, "default"))).toHaveLength(1);
  });

  it("a sign-up that passed the empty-table check and then lost on the unique index gets the same 403", async () => {
    // The race made deterministic: another instance's setup admin is inserted and held uncommitted, so this
    // sign-up still counts no user, inserts, and waits on user_setup_admin_uq until the other commits.
    const { handle: race, url } = await openFreshDb("fw_first_admin_lost");
    const other = postgres(url, { max: 1, onnotice: () => {} });
    const watcher = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const auth = buildAuth(race.db, SECRET);
      let commit = () => {};
      const committed = new Promise<void>((resolve) => {
        commit = resolve;
      });
      const held = other.begin(async (sql) => {
        await sql`insert into "user" (id, name, email, email_verified, role, setup_admin, created_at, updated_at)
                  values ('other-instance-admin', 'Other', 'other@fleet.test', false, 'admin', true, now(), now())`;
        await committed;
      });
      const pending = signUp(auth, {
        name: "Loser",
        email: "loser@fleet.test",
        password: "password-loser-1",
      });
      // wait until the sign-up's insert is blocked behind the held one (a lock wait, seen from a third session)
      for (let i = 0; ; i++) {
        const [row] = await watcher`select count(*)::int as n from pg_stat_activity
                                    where datname = current_database() and wait_event_type = 'Lock'`;
        if ((row?.n ?? 0) > 0) break;
        if (i > 200) throw new Error("the sign-up never reached the unique index");
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      commit();
      await held;
      const res = await pending;
      expect(res.status).toBe(403);
      expect(((await res.json()) as { message: string }).message).toBe(
        "Sign-up is closed. Ask an admin for an account.",
      );
      const users = await race.db.select({ id: user.id }).from(user);
      expect(users.map((u) => u.id)).toEqual(["other-instance-admin"]);
    } finally {
      await other.end();
      await watcher.end();
      await race.close();
    }
  });

  it("a later sign-up is refused and creates nothing", async () => {
    const auth = buildAuth(handle.db, SECRET);
    const res = await signUp(auth, { name: "Late", email: "late@fleet.test", password: "password-late" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toContain("Sign-up is closed");
    expect(await handle.db.select().from(user)).toHaveLength(1);
  });

  it("PostgreSQL itself refuses a second setup admin, whatever the application checked", async () => {
    await expect(
      handle.db.insert(user).values({
        id: "second-setup-admin",
        name: "Second",
        email: "second@fleet.test",
        role: "admin",
        setupAdmin: true,
      }),
    ).rejects.toThrow();
  });
});
