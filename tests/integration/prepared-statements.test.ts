// The write path's statements are prepared once per connection (db/bulk.ts executePrepared): drizzle's own
// execute() never prepares, so each run paid a describe round trip and a parse and plan. Checked on
// pg_stat_statements-free ground: the connection's own pg_prepared_statements.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executePrepared, rowsOf } from "@/db/bulk";
import { type DbHandle, openDatabase } from "@/db/client";
import { openReadPool } from "@/db/read";
import { appendEvents } from "@/lib/ingest/append";
import { parseEvent } from "@/lib/ingest/protocol";
import { ensureProject } from "@/lib/projects/queries";
import { openFreshDb } from "../helpers/fresh-db";

let url: string;
let main: DbHandle;
const opened: DbHandle[] = [];

/** A pool of ONE connection, so every statement and the check below share the same session. */
async function single(query = "") {
  const handle = await openDatabase({ url: url + query, max: 1 });
  opened.push(handle);
  return handle.db;
}

const prepared = async (db: DbHandle["db"]) =>
  rowsOf<{ statement: string }>(await db.execute(sql`select statement from pg_prepared_statements`)).map(
    (r) => r.statement,
  );

beforeAll(async () => {
  ({ url, handle: main } = await openFreshDb("prepared"));
});
afterAll(async () => {
  for (const h of opened) await h.close();
  await main.close();
});

describe("executePrepared", () => {
  it("prepares a statement once and reuses it; drizzle's execute() leaves nothing prepared", async () => {
    const db = await single();
    for (let i = 0; i < 3; i++) await db.execute(sql`select ${i}::int + 1 as plain`);
    expect((await prepared(db)).filter((s) => s.includes("plain"))).toEqual([]);

    const answers: number[] = [];
    for (let i = 0; i < 3; i++)
      answers.push(
        ...rowsOf<{ n: number }>(await executePrepared(db, sql`select ${i}::int + 1 as n`)).map((r) => r.n),
      );
    expect(answers).toEqual([1, 2, 3]);
    // one prepared statement for the three runs
    expect((await prepared(db)).filter((s) => s.includes("as n"))).toEqual(["select $1::int + 1 as n"]);
  });

  it("runs on a transaction's connection, and its writes roll back with it", async () => {
    const db = await single();
    await db.execute(sql`create table prepared_probe (v int)`);
    await expect(
      db.transaction(async (tx) => {
        await executePrepared(tx, sql`insert into prepared_probe values (${7})`);
        const [row] = rowsOf<{ n: number }>(
          await executePrepared(tx, sql`select count(*)::int as n from prepared_probe`),
        );
        expect(row?.n).toBe(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const [after] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from prepared_probe`),
    );
    expect(after?.n).toBe(0);
  });

  it("prepares nothing when the URL says ?prepare=false (a pooler that cannot keep them), in a transaction too", async () => {
    const db = await single("?prepare=false");
    const [row] = rowsOf<{ n: number }>(await executePrepared(db, sql`select ${41}::int + 1 as n`));
    expect(row?.n).toBe(42);
    await db.transaction(async (tx) => {
      await executePrepared(tx, sql`select ${1}::int as in_tx`);
    });
    expect(await prepared(db)).toEqual([]);
  });

  it("a read pool on such a URL prepares nothing either (the standup's facts run prepared on the read pools)", async () => {
    const pool = await openReadPool(`${url}?prepare=false`, { max: 1 });
    try {
      const [row] = rowsOf<{ n: number }>(await executePrepared(pool.db, sql`select ${1}::int + 1 as n`));
      expect(row?.n).toBe(2);
      expect(await prepared(pool.db)).toEqual([]);
    } finally {
      await pool.close();
    }
    // and without it, a read pool prepares
    const plain = await openReadPool(url, { max: 1 });
    try {
      await executePrepared(plain.db, sql`select ${1}::int + 1 as read_n`);
      expect((await prepared(plain.db)).filter((t) => t.includes("read_n"))).toHaveLength(1);
    } finally {
      await plain.close();
    }
  });

  it("the ingest append goes through it: one prepared append however many times it runs", async () => {
    const db = await single();
    const project = await ensureProject({ db: main.db, slug: "prepared" });
    const now = Date.now();
    for (let n = 0; n < 3; n++) {
      const event = parseEvent({
        id: `prep-${n}`,
        type: "job.started",
        time: new Date(now + n).toISOString(),
        job: `job-${n}`,
        agent: "a1",
        data: { harness: "claude-code" },
      });
      if (!event.ok) throw new Error(JSON.stringify(event));
      const [ids] = await appendEvents(db, [
        { projectId: project.id, apiKeyId: null, events: [event.event], live: true },
      ]);
      expect([...(ids ?? [])]).toEqual([`prep-${n}`]);
    }
    expect((await prepared(db)).filter((s) => s.includes("insert into event_key"))).toHaveLength(1);
  });
});
