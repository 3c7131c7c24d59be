import { describe, expect, it } from "vitest";
import { withSearchSlot } from "./search-gate";

const opts = { max: 2, waitMs: 200, message: "busy" };
const later = () => {
  let release = () => {};
  const p = new Promise<void>((r) => {
    release = r;
  });
  return { p, release };
};

describe("withSearchSlot", () => {
  it("runs at most `max` at once and hands a slot to the next waiter", async () => {
    let running = 0;
    let peak = 0;
    const gates = [later(), later(), later(), later()];
    const runs = gates.map((g, i) =>
      withSearchSlot(async () => {
        running++;
        peak = Math.max(peak, running);
        await g.p;
        running--;
        return i;
      }, opts),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(running).toBe(2); // two run, two wait
    for (const g of gates) g.release();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(peak).toBe(2);
    // all slots are free again: two more start at once
    let again = 0;
    await Promise.all([0, 1].map(() => withSearchSlot(async () => again++, opts)));
    expect(again).toBe(2);
  });

  it("gives up waiting after waitMs with the timeout error, and frees its place in line", async () => {
    const hold = later();
    const busy = [withSearchSlot(() => hold.p, opts), withSearchSlot(() => hold.p, opts)];
    const t0 = Date.now();
    await expect(withSearchSlot(async () => "never", opts)).rejects.toMatchObject({
      status: 503,
      code: "query_timeout",
      message: "busy",
    });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    hold.release();
    await Promise.all(busy);
    expect(await withSearchSlot(async () => "ran", opts)).toBe("ran");
  });
});
