// Reading the audit log: GET /api/v1/audit (admins only) with its filters and keyset cursor, the CSV download
// (filtered, formula-safe), and no code path that edits or deletes entries (the trigger that refuses them
// even to SQL is proven in lib/audit/record.test.ts).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as csvGet } from "@/app/api/v1/audit/csv/route";
import { GET as auditGet } from "@/app/api/v1/audit/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { auditLog } from "@/db/schema";
import { allAuditEntries } from "@/lib/audit/queries";
import { auditPageSchema } from "@/lib/audit/schemas";
import { createApiKey } from "@/lib/auth/api-keys";
import { createTestProject } from "../helpers/db";
import { createUser, signIn, TEST_ORIGIN } from "../helpers/users";

const T = `ar${randomUUID().slice(0, 8)}`;
const alice = { actorType: "user" as const, actorId: `${T}-alice`, actorLabel: `alice.${T}@corp.test` };
const bob = { actorType: "key" as const, actorId: `${T}-bob`, actorLabel: `key ${T}-ci (fw_abc…)` };
const at = (hhmm: string) => new Date(`2026-06-01T${hhmm}:00Z`);
/** Six entries; 3 and 4 share their instant to the microsecond (one transaction), so only the id orders them. */
const ROWS = [
  { n: 1, ...alice, at: at("10:00"), action: "member.invite", objectType: "user" },
  { n: 2, ...alice, at: at("10:05"), action: "member.role", objectType: "user" },
  { n: 3, ...bob, at: at("10:10"), action: "issue.resolve", objectType: "issue" },
  { n: 4, ...bob, at: at("10:10"), action: "issue.note", objectType: "issue" },
  { n: 5, ...alice, at: at("11:00"), action: "price.update", objectType: "model_price" },
  { n: 6, ...bob, at: at("12:00"), action: "membership.sync", objectType: "user" },
];

let handle: DbHandle;
let slug: string;
const ids = new Map<number, number>();
const cookies: Record<string, string> = {};
let readKey: string;

beforeAll(async () => {
  handle = await getDbHandle();
  const p = await createTestProject(handle);
  slug = p.slug;
  for (const { n, ...row } of ROWS) {
    const [inserted] = await handle.db
      .insert(auditLog)
      .values({
        ...row,
        objectId: `o${n}`,
        objectLabel: `object ${n}`,
        before: { v: n - 1 },
        after: { v: n },
      })
      .returning({ id: auditLog.id });
    ids.set(n, inserted?.id as number);
  }
  for (const role of ["owner", "admin", "member", "viewer"] as const)
    cookies[role] = await signIn(await createUser(handle.db, role));
  readKey = (await createApiKey({ db: handle.db, projectId: p.id, name: "reader", scopes: ["read"] })).key;
});
afterAll(async () => {
  await handle.close();
});

const get = (query: string, headers: Record<string, string> = { cookie: cookies.admin as string }) =>
  auditGet(new Request(`${TEST_ORIGIN}/api/v1/audit?project=${slug}&${query}`, { headers }), {
    params: Promise.resolve({}),
  });
/** The entry numbers (1–6 above) of a page, in the order served. */
async function page(query: string) {
  const res = await get(query);
  expect(res.status).toBe(200);
  const body = auditPageSchema.parse(await res.json());
  const byId = new Map([...ids].map(([n, id]) => [id, n]));
  return { ns: body.entries.map((e) => byId.get(e.id)), next: body.next_cursor, entries: body.entries };
}

describe("GET /api/v1/audit", () => {
  it("serves newest first with the actor, object and before/after", async () => {
    const { ns, entries } = await page(`actor=${T}`);
    // 6 at 12:00, 5 at 11:00, then 4 and 3 at 10:10 (higher id first), 2, 1
    expect(ns).toEqual([6, 5, 4, 3, 2, 1]);
    expect(entries[1]).toMatchObject({
      at: "2026-06-01T11:00:00.000000Z",
      actor: { type: "user", id: alice.actorId, label: alice.actorLabel },
      action: "price.update",
      object: { type: "model_price", id: "o5", label: "object 5" },
      before: { v: 4 },
      after: { v: 5 },
    });
  });

  it("filters by actor id or part of its label, action prefix, object type and time range", async () => {
    expect((await page(`actor=${alice.actorId}`)).ns).toEqual([5, 2, 1]);
    expect((await page(`actor=ALICE.${T}`)).ns).toEqual([5, 2, 1]); // label, case-insensitive
    // "member." is a prefix: member.invite and member.role, not membership.sync
    expect((await page(`actor=${T}&action=member.`)).ns).toEqual([2, 1]);
    expect((await page(`actor=${T}&action=member.role`)).ns).toEqual([2]);
    expect((await page(`actor=${T}&object_type=issue`)).ns).toEqual([4, 3]);
    // from is inclusive, to exclusive: 10:05 ≤ at < 11:00 → 4, 3, 2
    const range = `from=2026-06-01T10:05:00Z&to=2026-06-01T11:00:00Z`;
    expect((await page(`actor=${T}&${range}`)).ns).toEqual([4, 3, 2]);
    // LIKE's wildcards are taken literally: "_" does not stand for the "-" of bob's label "key T-ci (…)"
    expect((await page(`actor=${T}_ci`)).ns).toEqual([]);
    expect((await page(`actor=${T}-ci`)).ns).toEqual([6, 4, 3]);
    // an action filter is dotted words only
    expect((await get("action=%25")).status).toBe(400);
  });

  it("pages with a cursor, splitting entries of the same instant correctly", async () => {
    const first = await page(`actor=${T}&limit=3`);
    expect(first.ns).toEqual([6, 5, 4]);
    // the cursor sits on 4 (10:10, its id); 3 has the same instant and a lower id, so it comes next
    const second = await page(`actor=${T}&limit=3&cursor=${first.next}`);
    expect(second.ns).toEqual([3, 2, 1]);
    expect(second.next).toBeNull();
    const twos = [await page(`actor=${T}&limit=2`)];
    while (twos.at(-1)?.next) twos.push(await page(`actor=${T}&limit=2&cursor=${twos.at(-1)?.next}`));
    expect(twos.map((p) => p.ns)).toEqual([
      [6, 5],
      [4, 3],
      [2, 1],
    ]);
  });

  it("answers 400 to a forged cursor or an inverted range", async () => {
    expect((await get("cursor=1;drop")).status).toBe(400);
    expect((await get("from=2026-06-02T00:00:00Z&to=2026-06-01T00:00:00Z")).status).toBe(400);
  });

  it("is for admins and owners: 403 for a member, a viewer and an API key, before looking at the query", async () => {
    expect((await get(`actor=${T}`, { cookie: cookies.owner as string })).status).toBe(200);
    for (const role of ["member", "viewer"]) {
      const res = await get("cursor=garbage", { cookie: cookies[role] as string });
      expect([role, res.status]).toEqual([role, 403]);
    }
    expect((await get("", { authorization: `Bearer ${readKey}` })).status).toBe(403);
    expect((await get("", {})).status).toBe(401);
    const csv = await csvGet(
      new Request(`${TEST_ORIGIN}/api/v1/audit/csv?project=${slug}`, {
        headers: { cookie: cookies.member as string },
      }),
      {
        params: Promise.resolve({}),
      },
    );
    expect(csv.status).toBe(403);
  });
});

describe("CSV download", () => {
  const csv = async (query: string) => {
    const res = await csvGet(
      new Request(`${TEST_ORIGIN}/api/v1/audit/csv?project=${slug}&${query}`, {
        headers: { cookie: cookies.admin as string },
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="fleetwatch-audit-\d{8}T\d{4}Z\.csv"$/,
    );
    return (await res.text()).split("\r\n").slice(0, -1);
  };

  it("holds the filtered set, newest first", async () => {
    const lines = await csv(`actor=${T}&action=member.`);
    expect(lines[0]).toBe(
      "at,actor_type,actor,actor_id,ip,user_agent,action,object_type,object_id,object,project,changes,before,after",
    );
    // entry 2 then 1; changes "v: 1 → 2"; JSON cells are quoted (they hold quotes)
    expect(lines.slice(1)).toEqual([
      `2026-06-01T10:05:00.000000Z,user,alice.${T}@corp.test,${T}-alice,,,member.role,user,o2,object 2,,v: 1 → 2,"{""v"":1}","{""v"":2}"`,
      `2026-06-01T10:00:00.000000Z,user,alice.${T}@corp.test,${T}-alice,,,member.invite,user,o1,object 1,,v: 0 → 1,"{""v"":0}","{""v"":1}"`,
    ]);
  });

  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const actorId = `${T}-evil`;
    const hostile = [
      ['=HYPERLINK("http://evil.test","x")', `"'=HYPERLINK(""http://evil.test"",""x"")"`],
      ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
      ["-2+3", "'-2+3"],
      ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ];
    for (const [label] of hostile)
      await handle.db
        .insert(auditLog)
        .values({ actorType: "user", actorId, actorLabel: label as string, action: "x.y", objectType: "x" });
    const lines = await csv(`actor=${actorId}`);
    // newest first: the reverse of the insert order; the actor label is the third cell
    const actorCell = (l: string) => l.slice(l.indexOf(",user,") + 6, l.indexOf(`,${actorId},`));
    expect(lines.slice(1).map(actorCell)).toEqual(hostile.map(([, cell]) => cell).reverse());
  });

  it("stops at its cap, reading the log in pages", async () => {
    const filters = { actor: T };
    const got: number[] = [];
    for await (const e of allAuditEntries({ db: handle.db, filters, max: 5, batch: 2 })) got.push(e.id);
    // pages of 2: [6,5], [4,3], then 1 more to reach 5
    expect(got).toEqual([6, 5, 4, 3, 2].map((n) => ids.get(n)));
  });
});

describe("entries cannot be edited or deleted from the app", () => {
  it("no source file updates, deletes or truncates audit_log", () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) return walk(rel);
        return /\.(ts|tsx|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [rel] : [];
      });
    const files = ["app", "lib", "scripts", "components"].flatMap(walk);
    expect(files.length).toBeGreaterThan(100);
    const offending = files.filter((f) =>
      /\.(update|delete)\(\s*auditLog\b|(update|delete\s+from|truncate)\s+("?audit_log"?)/i.test(
        fs.readFileSync(path.join(root, f), "utf8"),
      ),
    );
    expect(offending).toEqual([]);
  });
});
