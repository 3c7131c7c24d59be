import { MessageChannel } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { outbox } from "./thread-outbox";

const turn = () => new Promise((r) => setImmediate(r));

describe("outbox", () => {
  it("sends what one turn queued as one batch, in order, at the end of the turn", async () => {
    const batches: string[][] = [];
    const out = outbox<string>((messages) => batches.push(messages));
    out.send("a");
    out.send("b");
    await Promise.resolve(); // a microtask later: still the same turn
    out.send("c");
    expect(batches).toEqual([]);
    await turn();
    expect(batches).toEqual([["a", "b", "c"]]);
    out.send("d");
    await turn();
    await turn();
    expect(batches).toEqual([["a", "b", "c"], ["d"]]);
  });

  it("flush sends at once, and an empty turn sends nothing", async () => {
    const batches: number[][] = [];
    const out = outbox<number>((messages) => batches.push(messages));
    out.send(1);
    out.flush();
    expect(batches).toEqual([[1]]);
    await turn();
    out.flush();
    expect(batches).toEqual([[1]]);
  });

  it("transfers every buffer of the batch through a real port", async () => {
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<{ id: number; body: Uint8Array }[]>((resolve) =>
      port2.once("message", resolve),
    );
    const out = outbox<{ id: number; body: Uint8Array }>((messages, transfer) =>
      port1.postMessage(messages, transfer),
    );
    const bodies = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5])];
    bodies.forEach((body, id) => {
      out.send({ id, body }, [body.buffer as ArrayBuffer]);
    });
    const batch = await received;
    // transferred, not copied: the sender's buffers are detached
    expect(bodies.map((b) => b.byteLength)).toEqual([0, 0]);
    expect(batch.map((m) => [m.id, [...m.body]])).toEqual([
      [0, [1, 2, 3]],
      [1, [4, 5]],
    ]);
    port1.close();
  });

  it("moves a buffer two messages of one batch share once", async () => {
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<Uint8Array[]>((resolve) => port2.once("message", resolve));
    const out = outbox<Uint8Array>((messages, transfer) => port1.postMessage(messages, transfer));
    const shared = new ArrayBuffer(4);
    out.send(new Uint8Array(shared, 0, 2), [shared]);
    out.send(new Uint8Array(shared, 2, 2), [shared]);
    const batch = await received;
    expect(batch.map((m) => m.byteLength)).toEqual([2, 2]);
    expect(shared.byteLength).toBe(0);
    port1.close();
  });
});
