// Outbound webhooks with FLEETWATCH_WEBHOOK_ALLOW_PRIVATE off (the default), on real PostgreSQL: URLs that
// point at this machine, a private network or the metadata service are refused on save and at send time,
// the refusal is recorded on the delivery, and a real receiver listening on loopback sees no connection at
// all. Addresses other than loopback (10.0.0.1, 169.254.169.254) must be refused before any connect: the
// test only asserts the refusal and never lets a request leave the machine.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DbHandle, getDbHandle } from "@/db/client";
import { outboundWebhook, project, webhookDelivery } from "@/db/schema";
import { OutboundRefusedError, outboundFetch } from "@/lib/net/outbound";
import { runStandupSchedule, sendTestStandup } from "@/lib/standups/schedule";
import { createWebhook } from "@/lib/standups/webhooks";
import { createTestProject } from "../helpers/db";
import { loopbackReceiver } from "../helpers/receiver";

vi.hoisted(() => {
  process.env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE = "0";
});

const NOW = new Date("2025-01-15T17:00:00Z");
const FAST = { delaysMs: [1, 1, 1], timeoutMs: 2_000, maxRetryAfterMs: 10 };
const HINT = "(set FLEETWATCH_WEBHOOK_ALLOW_PRIVATE=1 to allow internal receivers)";

describe("webhooks to internal addresses, private targets not allowed (postgres)", () => {
  let handle: DbHandle;
  let hook: Awaited<ReturnType<typeof loopbackReceiver>>;
  beforeAll(async () => {
    handle = await getDbHandle();
    hook = await loopbackReceiver(() => ({ status: 200 }));
  });
  afterAll(async () => {
    await hook.close();
  });

  // [url, the refusal]: every spelling of loopback reaches the receiver's port were it allowed
  const cases = () => [
    [`http://127.0.0.1:${hook.port}/hook`, `127.0.0.1 is a loopback address ${HINT}`],
    [
      `http://localhost:${hook.port}/hook`,
      `localhost resolves to 127.0.0.1, which is a loopback address ${HINT}`,
    ],
    [`http://2130706433:${hook.port}/hook`, `127.0.0.1 is a loopback address ${HINT}`], // decimal 127.0.0.1
    [`http://0x7f.1:${hook.port}/hook`, `127.0.0.1 is a loopback address ${HINT}`], // hex and short form
    [
      `http://[::ffff:127.0.0.1]:${hook.port}/hook`,
      `::ffff:7f00:1 is a loopback address (IPv4-mapped 127.0.0.1) ${HINT}`,
    ],
    ...(hook.port6 === null
      ? []
      : [[`http://[::1]:${hook.port6}/hook`, `::1 is the loopback address (::1) ${HINT}`]]),
    [
      "http://169.254.169.254/latest/meta-data/",
      "169.254.169.254 is the cloud metadata service (never allowed)",
    ],
    ["http://10.0.0.1/hook", `10.0.0.1 is a private address ${HINT}`],
    ["https://192.168.1.10:8443/hook", `192.168.1.10 is a private address ${HINT}`],
  ];

  it("refuses them when the webhook is saved", async () => {
    const p = await createTestProject(handle);
    for (const [url, reason] of cases()) {
      const save = createWebhook({
        db: handle.db,
        projectId: p.id,
        input: { name: "x", url: url as string },
      });
      await expect(save, url).rejects.toThrow(new OutboundRefusedError(reason as string));
    }
    const saved = await handle.db.select().from(outboundWebhook).where(eq(outboundWebhook.projectId, p.id));
    expect(saved).toEqual([]);
  });

  it("refuses the test send and the scheduled send, records why, and never connects", async () => {
    const p = await createTestProject(handle);
    await handle.db.update(project).set({ standupTime: "09:00" }).where(eq(project.id, p.id));
    // Rows as a database from before this check holds them (or a name whose DNS changed since it was saved).
    const rows = await handle.db
      .insert(outboundWebhook)
      .values(
        cases().map(([url], i) => ({ projectId: p.id, name: `h${i}`, url: url as string, secret: "s" })),
      )
      .returning();
    for (const row of rows) {
      const result = await sendTestStandup({
        db: handle.db,
        projectId: p.id,
        webhookId: row.id,
        now: NOW,
        policy: FAST,
      });
      const reason = cases().find(([url]) => url === row.url)?.[1];
      // refused on the first attempt, not retried
      expect(result, row.url).toMatchObject({
        status: "failed",
        attempts: 1,
        responseStatus: null,
        error: `refused: ${reason}`,
      });
    }
    const runs = await runStandupSchedule({ db: handle.db, now: NOW, instanceId: "ssrf", policy: FAST });
    const mine = runs.find((r) => r.projectId === p.id);
    expect(mine?.status).toBe("failed");
    expect(mine?.deliveries.map((d) => [d.status, d.attempts])).toEqual(rows.map(() => ["failed", 1]));
    const recorded = await handle.db
      .select()
      .from(webhookDelivery)
      .where(eq(webhookDelivery.projectId, p.id));
    expect(recorded).toHaveLength(rows.length * 2);
    expect(recorded.every((d) => d.status === "failed" && d.error?.startsWith("refused: "))).toBe(true);
    expect(hook.connections()).toBe(0);
    expect(hook.got).toEqual([]);
  });

  it("refuses a name when ANY of its addresses is internal, and only calls http(s)", async () => {
    // A resolver answering a public address and a loopback one: refused before connecting to either.
    const resolve = async () => [
      { address: "93.184.216.34", family: 4 as const },
      { address: "127.0.0.1", family: 4 as const },
    ];
    await expect(outboundFetch(`http://mixed.invalid:${hook.port}/`, {}, { resolve })).rejects.toThrow(
      `mixed.invalid resolves to 127.0.0.1, which is a loopback address ${HINT}`,
    );
    await expect(outboundFetch("file:///etc/passwd")).rejects.toThrow(
      "only http and https URLs can be called, not file:",
    );
    await expect(outboundFetch("gopher://127.0.0.1:70/")).rejects.toThrow(
      "only http and https URLs can be called, not gopher:",
    );
    expect(hook.connections()).toBe(0);
  });
});
