// Outbound webhooks with FLEETWATCH_WEBHOOK_ALLOW_PRIVATE=1 (internal receivers allowed), on real
// PostgreSQL: the loopback receiver that the default refuses now gets the deliveries, under every spelling
// of its address; the metadata service stays refused; the connection goes to the vetted address with the
// URL's Host; redirects are not followed.
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type DbHandle, getDbHandle } from "@/db/client";
import { webhookDelivery } from "@/db/schema";
import { OutboundRefusedError, outboundFetch } from "@/lib/net/outbound";
import { sendTestStandup } from "@/lib/standups/schedule";
import { createWebhook } from "@/lib/standups/webhooks";
import { createTestProject } from "../helpers/db";
import { loopbackReceiver } from "../helpers/receiver";

vi.hoisted(() => {
  process.env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE = "1";
});

const NOW = new Date("2025-01-15T17:00:00Z");
const FAST = { delaysMs: [1], timeoutMs: 2_000, maxRetryAfterMs: 10 };

describe("webhooks to internal addresses, private targets allowed (postgres)", () => {
  let handle: DbHandle;
  let hook: Awaited<ReturnType<typeof loopbackReceiver>>;
  beforeAll(async () => {
    handle = await getDbHandle();
    hook = await loopbackReceiver((r) =>
      r.path === "/moved"
        ? { status: 302, headers: { location: `http://127.0.0.1:${hook.port}/hook` } }
        : { status: 200 },
    );
  });
  afterAll(async () => {
    await hook.close();
  });

  it("delivers to the loopback receiver under every spelling of its address", async () => {
    const p = await createTestProject(handle);
    const urls = [
      `http://127.0.0.1:${hook.port}/hook`,
      `http://localhost:${hook.port}/hook`,
      `http://2130706433:${hook.port}/hook`,
      `http://0x7f.1:${hook.port}/hook`,
      ...(hook.port6 === null ? [] : [`http://[::1]:${hook.port6}/hook`]),
    ];
    for (const url of urls) {
      const { id } = await createWebhook({ db: handle.db, projectId: p.id, input: { name: url, url } });
      const result = await sendTestStandup({
        db: handle.db,
        projectId: p.id,
        webhookId: id,
        now: NOW,
        policy: FAST,
      });
      expect(result, url).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 200 });
    }
    expect(hook.got.map((g) => [g.path, g.headers["fleetwatch-event"]])).toEqual(
      urls.map(() => ["/hook", "standup.test"]),
    );
    // Host is the URL's own (normalised by the URL parser)
    expect(hook.got.map((g) => g.host)).toEqual([
      `127.0.0.1:${hook.port}`,
      `localhost:${hook.port}`,
      `127.0.0.1:${hook.port}`,
      `127.0.0.1:${hook.port}`,
      ...(hook.port6 === null ? [] : [`[::1]:${hook.port6}`]),
    ]);
    hook.got.length = 0;
  });

  it("still refuses the metadata service", async () => {
    const p = await createTestProject(handle);
    await expect(
      createWebhook({ db: handle.db, projectId: p.id, input: { name: "m", url: "http://169.254.169.254/" } }),
    ).rejects.toThrow(
      new OutboundRefusedError("169.254.169.254 is the cloud metadata service (never allowed)"),
    );
    await expect(outboundFetch("http://[::ffff:169.254.169.254]/")).rejects.toThrow(
      "::ffff:a9fe:a9fe is the cloud metadata service (IPv4-mapped 169.254.169.254) (never allowed)",
    );
  });

  it("connects to the vetted address, keeping the URL's name as Host (no second DNS lookup)", async () => {
    // hook.invalid has no DNS record (.invalid is reserved): the request can only reach the receiver
    // through the address the resolver answered and the check vetted.
    let lookups = 0;
    const resolve = async () => {
      lookups += 1;
      return [{ address: "127.0.0.1", family: 4 as const }];
    };
    const res = await outboundFetch(
      `http://hook.invalid:${hook.port}/pinned`,
      { method: "POST", body: "{}" },
      { resolve },
    );
    expect([res.status, await res.text(), lookups]).toEqual([200, "ok", 1]);
    expect(hook.got.map((g) => [g.path, g.host, g.body])).toEqual([
      ["/pinned", `hook.invalid:${hook.port}`, "{}"],
    ]);
    hook.got.length = 0;
  });

  it("does not follow a redirect: a 302 fails the delivery", async () => {
    const p = await createTestProject(handle);
    const url = `http://127.0.0.1:${hook.port}/moved`;
    const { id } = await createWebhook({ db: handle.db, projectId: p.id, input: { name: "moved", url } });
    const result = await sendTestStandup({
      db: handle.db,
      projectId: p.id,
      webhookId: id,
      now: NOW,
      policy: FAST,
    });
    expect(result).toMatchObject({
      status: "failed",
      attempts: 1,
      responseStatus: 302,
      error: "HTTP 302: ok",
    });
    expect(hook.got.map((g) => g.path)).toEqual(["/moved"]);
    const [row] = await handle.db.select().from(webhookDelivery).where(eq(webhookDelivery.projectId, p.id));
    expect(row?.error).toBe("HTTP 302: ok");
  });

  it("keeps the URL's name as the TLS server name when connecting to the vetted address", async () => {
    // A TLS listener on loopback that records the SNI name of each handshake and then fails it (no
    // certificate): enough to see which name the client asked for.
    const names: string[] = [];
    const server = tls.createServer({
      SNICallback: (name, cb) => {
        names.push(name);
        cb(new Error("no certificate here"));
      },
    });
    server.on("tlsClientError", () => {});
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const resolve = async () => [{ address: "127.0.0.1", family: 4 as const }];
    await expect(outboundFetch(`https://hook.invalid:${port}/x`, {}, { resolve })).rejects.toThrow();
    expect(names).toEqual(["hook.invalid"]);
    await new Promise<void>((r) => server.close(() => r()));
  });
});
