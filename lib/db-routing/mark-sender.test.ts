// The ingest thread's key marks to the server thread (marker.ts markSender): one per key per 250 ms, the first at
// once, the writes in between covered by one trailing mark at the end of the 250 ms.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { markSender } from "./marker";

describe("markSender", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("passes the first mark at once, then at most one per 250 ms per key, the last one trailing", () => {
    const passed: [string, number][] = [];
    const send = markSender((id) => passed.push([id, performance.now()]));
    const t0 = performance.now();
    send("k1"); // t0: passed at once
    vi.advanceTimersByTime(100);
    send("k1"); // t0+100: held, a trailing mark at t0+250
    vi.advanceTimersByTime(50);
    send("k1"); // t0+150: the trailing mark already covers it
    send("k2"); // another key: at once
    expect(passed.map(([id, at]) => [id, at - t0])).toEqual([
      ["k1", 0],
      ["k2", 150],
    ]);
    vi.advanceTimersByTime(100); // t0+250
    expect(passed.map(([id, at]) => [id, at - t0])).toEqual([
      ["k1", 0],
      ["k2", 150],
      ["k1", 250],
    ]);
    vi.advanceTimersByTime(300); // t0+550: 300 ms since the last k1 mark
    send("k1");
    expect(passed.map(([id, at]) => [id, at - t0]).at(-1)).toEqual(["k1", 550]);
    vi.advanceTimersByTime(1000);
    expect(passed).toHaveLength(4); // nothing else was due
  });
});
