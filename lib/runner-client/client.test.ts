// FleetwatchClient against a real HTTP server: delivery, batching, flush semantics.
import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { FleetwatchClient } from "./client";
import { clientHarness, log, until } from "./client.test-helper";
import type { ClientEvent } from "./types";

const h = clientHarness();

describe("FleetwatchClient: delivery", () => {
  it("posts valid protocol events with the key, to /api/v1/events", async () => {
    const { client } = h.makeClient();
    const id = client.send({
      type: "job.started",
      job: "job-1",
      agent: "scout",
      time: new Date("2026-11-22T10:00:00Z"),
      data: { harness: "custom", title: "Fix it" },
    });
    client.send(log(1, { time: "2026-11-22T12:00:00+02:00", seq: 2 }));
    const result = await client.flush();
    expect(result).toMatchObject({ ok: true, sent: 2, accepted: 2, duplicates: 0, rejected: 0, failed: 0 });
    const [req] = h.server.requests;
    expect(req?.path).toBe("/api/v1/events");
    expect(req?.headers.authorization).toBe("Bearer fwk_test");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.events.map((e) => parseEvent(e).ok)).toEqual([true, true]);
    expect(req?.events[0]).toMatchObject({
      id,
      time: "2026-11-22T10:00:00.000Z",
      job: "job-1",
      agent: "scout",
    });
    expect(req?.events[1]).toMatchObject({ time: "2026-11-22T12:00:00+02:00", seq: 2 });
    expect(client.stats).toMatchObject({ sent: 2, accepted: 2, retries: 0, failedBatches: 0 });
  });

  it("accepts a full endpoint URL as well as a base URL", () => {
    expect(h.makeClient({ url: `${h.server.url}/` }).client.endpoint).toBe(`${h.server.url}/api/v1/events`);
    expect(h.makeClient({ url: `${h.server.url}/api/v1/events` }).client.endpoint).toBe(
      `${h.server.url}/api/v1/events`,
    );
  });

  it("resolves an empty flush at once", async () => {
    const { client } = h.makeClient();
    expect(await client.flush()).toMatchObject({ ok: true, sent: 0 });
    expect(h.server.requests).toHaveLength(0);
  });
});

describe("FleetwatchClient: batching", () => {
  it("sends a batch when the queue reaches batchSize, the rest on flush", async () => {
    const { client } = h.makeClient({ batchSize: 3 });
    for (let i = 0; i < 7; i++) client.send(log(i));
    await until(() => h.server.requests.length >= 2);
    expect(h.server.requests.map((r) => r.events.length)).toEqual([3, 3]);
    const result = await client.flush();
    expect(h.server.requests.map((r) => r.events.length)).toEqual([3, 3, 1]);
    expect(h.server.stored).toHaveLength(7);
    expect(result.ok).toBe(true);
  });

  it("sends every flushIntervalMs without a flush() call", async () => {
    const { client } = h.makeClient({ flushIntervalMs: 50 });
    client.send(log(1));
    client.send(log(2));
    await until(() => h.server.requests.length === 1);
    expect(h.server.requests[0]?.events).toHaveLength(2);
  });

  it("caps a request at 1000 events whatever batchSize says", async () => {
    const { client } = h.makeClient({ batchSize: 5000 });
    for (let i = 0; i < 2500; i++) client.send(log(i));
    const result = await client.flush();
    expect(h.server.requests.map((r) => r.events.length)).toEqual([1000, 1000, 500]);
    expect(result).toMatchObject({ ok: true, accepted: 2500 });
  });

  it("splits batches to keep each body under 5 MB", async () => {
    const { client } = h.makeClient({ batchSize: 100 });
    const big = "x".repeat(999_000); // ~1 MB per event (the protocol's texts stop at 1 000 000 characters)
    for (let i = 0; i < 12; i++)
      client.send(log(i, { data: { level: "info", message: big } } as Partial<ClientEvent>));
    const result = await client.flush();
    expect(result).toMatchObject({ ok: true, accepted: 12 });
    expect(h.server.requests.map((r) => r.events.length)).toEqual([5, 5, 2]);
    for (const r of h.server.requests) expect(r.body.length).toBeLessThanOrEqual(5 * 1024 * 1024);
  });

  it("refuses an event that alone exceeds the body limit, without sending it", async () => {
    const { client, errors } = h.makeClient({ maxBodyBytes: 1000 });
    expect(
      client.send(log(1, { data: { level: "info", message: "y".repeat(2000) } } as Partial<ClientEvent>)),
    ).toBe(null);
    expect(errors[0]?.kind).toBe("invalid_event");
    expect(client.stats.dropped).toBe(1);
    await client.flush();
    expect(h.server.requests).toHaveLength(0);
  });

  it("drops (and reports) events beyond maxQueue, an unreadable time, and events after close()", async () => {
    const { client, errors } = h.makeClient({ maxQueue: 2, batchSize: 10 });
    client.send(log(1));
    client.send(log(2));
    expect(client.send(log(3))).toBeNull();
    expect(client.send(log(4, { time: "yesterday-ish" }))).toBeNull();
    await client.close();
    expect(client.send(log(5))).toBeNull();
    expect(errors.map((e) => e.kind)).toEqual(["queue_full", "invalid_event", "closed"]);
    expect(client.stats).toMatchObject({ dropped: 3, accepted: 2 });
  });
});

describe("FleetwatchClient: flush semantics", () => {
  it("a flush() called while a batch is in flight covers that batch too", async () => {
    h.server.script({ status: 500 });
    const { client } = h.makeClient({ batchSize: 2 });
    client.send(log(1));
    client.send(log(2)); // starts a send (queue reached batchSize)
    client.send(log(3));
    const result = await client.flush();
    expect(result).toMatchObject({ ok: true, sent: 3, accepted: 3 });
    expect(client.pending).toBe(0);
  });

  it("keeps going when onError throws", async () => {
    h.server.script({ status: 400, body: { error: { code: "bad_request", message: "no" } } });
    const client = new FleetwatchClient({
      url: h.server.url,
      key: "k",
      flushIntervalMs: 0,
      onError: () => {
        throw new Error("careless handler");
      },
    });
    h.track(client);
    client.send(log(1));
    expect((await client.flush()).ok).toBe(false);
    client.send(log(2));
    expect((await client.flush()).ok).toBe(true);
  });
});
