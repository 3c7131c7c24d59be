import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { FleetwatchClient } from "@/lib/runner-client";
import { generateFleet } from "./fleet";
import { pump, Redeliverer } from "./sender";
import type { WireEvent } from "./types";

/** Answers like POST /api/v1/events: validates, stores ids once, counts duplicates; records every request. */
function stubEndpoint() {
  const stored = new Set<string>();
  const requests: { ids: string[] }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST") {
        res.writeHead(405, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "method_not_allowed", message: "POST events here" } }));
        return;
      }
      if (req.headers.authorization !== "Bearer fw_test") {
        res.writeHead(401, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "unauthorized", message: "unknown key" } }));
        return;
      }
      const events = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { events: unknown[] }).events;
      requests.push({ ids: events.map((e) => (e as { id: string }).id) });
      let accepted = 0;
      let duplicates = 0;
      const results = events.map((raw, index) => {
        const r = parseEvent(raw);
        if (!r.ok) return { index, id: null, status: "rejected", error: r.error };
        if (stored.has(r.event.id)) {
          duplicates++;
          return { index, id: r.event.id, status: "duplicate" };
        }
        stored.add(r.event.id);
        accepted++;
        return { index, id: r.event.id, status: "accepted" };
      });
      const rejected = events.length - accepted - duplicates;
      res.writeHead(rejected ? 207 : 200, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          rejected ? { accepted, duplicates, rejected, results } : { accepted, duplicates, rejected },
        ),
      );
    });
  });
  return {
    stored,
    requests,
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const NOW = Date.parse("2026-11-20T15:10:00Z");

describe("Redeliverer", () => {
  it("passes every event once and re-sends about 2% of them later, deterministically", () => {
    const events = Array.from({ length: 20_000 }, (_, i) => ({ id: `e${i}` }) as WireEvent);
    const run = () => {
      const r = new Redeliverer(1, 0.02, 3000);
      const out = events.flatMap((e) => r.push(e).map((x) => x.id));
      out.push(...r.drain().map((x) => x.id));
      return { out, dupes: r.duplicates };
    };
    const { out, dupes } = run();
    expect(new Set(out).size).toBe(events.length);
    expect(out.length - events.length).toBe(dupes);
    expect(dupes / events.length).toBeGreaterThan(0.015);
    expect(dupes / events.length).toBeLessThan(0.025);
    const first = new Map<string, number>();
    out.forEach((id, i) => {
      if (first.has(id)) expect(i).toBeGreaterThan(first.get(id) ?? Number.POSITIVE_INFINITY);
      else first.set(id, i);
    });
    expect(run().out).toEqual(out);
  });
});

describe("sending a fleet through the runner client", () => {
  const endpoint = stubEndpoint();
  let url = "";
  beforeAll(async () => {
    url = await endpoint.start();
  });
  afterAll(() => endpoint.stop());

  it("stores every event once; the re-sent ones come back as duplicates", async () => {
    const opts = { agents: 4, days: 1, jobsPerDay: 60, seed: 5, now: NOW };
    const expected = [...generateFleet(opts)].map((e) => e.id);
    const client = new FleetwatchClient({ url, key: "fw_test", batchSize: 200, flushIntervalMs: 0 });
    const redeliver = new Redeliverer(5, 0.05, 400);
    const before = endpoint.requests.length;
    const handed = await pump(client, generateFleet(opts), { redeliver, flushEvery: 500 });
    for (const e of redeliver.drain()) client.send(e as never);
    const result = await client.close();

    expect(result.ok).toBe(true);
    expect(handed).toBeGreaterThan(expected.length);
    expect(redeliver.duplicates).toBeGreaterThan(0);
    expect(endpoint.stored).toEqual(new Set(expected));
    expect(client.stats).toMatchObject({
      accepted: expected.length,
      duplicates: redeliver.duplicates,
      rejected: 0,
      failedBatches: 0,
    });
    // Some duplicates travel in a later request than their original.
    const requestOf = new Map<string, number>();
    let crossBatch = 0;
    endpoint.requests.slice(before).forEach((r, i) => {
      for (const id of r.ids) {
        if (requestOf.has(id) && requestOf.get(id) !== i) crossBatch++;
        else requestOf.set(id, i);
      }
    });
    expect(crossBatch).toBeGreaterThan(0);
  });

  it("stores nothing twice when the same command runs again", async () => {
    const opts = { agents: 3, days: 1, jobsPerDay: 20, seed: 9, now: NOW };
    const send = async () => {
      const client = new FleetwatchClient({ url, key: "fw_test", batchSize: 100, flushIntervalMs: 0 });
      await pump(client, generateFleet(opts), { redeliver: new Redeliverer(9, 0) });
      await client.close();
      return client.stats;
    };
    const first = await send();
    const again = await send();
    expect(first.accepted).toBeGreaterThan(0);
    expect(again).toMatchObject({ accepted: 0, duplicates: first.accepted });
  });

  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const root = path.resolve(import.meta.dirname, "../..");
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/simulate.ts", ...args], {
        cwd: root,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as unknown as NodeJS.ProcessEnv,
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
      });
      child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });

  it("the script says how to get a key when it has none, and exits 2", async () => {
    const r = await cli(["--days", "1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Settings > API keys");
    expect(r.stderr).toContain("npm run -s key:create -- --project default");
  });

  it("the script sends a small fleet and prints a summary", async () => {
    const r = await cli(
      ["--agents", "3", "--days", "1", "--jobs-per-day", "15", "--seed", "4", "--url", url],
      {
        FLEETWATCH_KEY: "fw_test",
      },
    );
    expect(r.stderr).not.toContain("error");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/delivery +[\d,]+ sent: [\d,]+ accepted, [\d,]+ duplicates, 0 rejected/);
    expect(r.stdout).toMatch(/spend +\$/);
  });

  it("the script stops at the first batch the console refuses, and says why", async () => {
    const r = await cli(["--agents", "3", "--days", "1", "--jobs-per-day", "15", "--url", url], {
      FLEETWATCH_KEY: "fw_revoked",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the console refused the events");
    expect(r.stderr).toContain("unknown key");
  });

  it("the script's dry run sends nothing and prints sample events", async () => {
    const before = endpoint.requests.length;
    const r = await cli(["--agents", "2", "--days", "1", "--jobs-per-day", "10", "--dry-run", "--url", url]);
    expect(r.code).toBe(0);
    expect(endpoint.requests.length).toBe(before);
    const samples = r.stdout.split("\n").filter((l) => l.startsWith("{"));
    expect(samples.length).toBeGreaterThan(5);
    for (const s of samples) expect(parseEvent(JSON.parse(s)).ok).toBe(true);
  });
});
