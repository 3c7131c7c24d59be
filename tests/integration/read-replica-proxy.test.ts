// Read-your-writes for server actions (proxy.ts): a session's POST to a page (what a server action is) gets the
// fw_primary_until cookie on its response, and on its own request too, so the page the action re-renders already
// reads the primary. A GET, or a POST without a session, gets nothing.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const SESSION = "better-auth.session_token=abc.def";

describe("proxy and read-your-writes", () => {
  it("marks a session's server action for the primary, on the response and on the action's own request", () => {
    const before = Date.now();
    const res = proxy(
      new NextRequest("http://127.0.0.1:3000/failures", {
        method: "POST",
        headers: { cookie: SESSION, "next-action": "abc123" },
      }),
    );
    const set = res.headers.getSetCookie().find((c) => c.startsWith("fw_primary_until="));
    // default window: FLEETWATCH_READ_MAX_LAG_MS 5000 + 2000 = 7000 ms, so Max-Age=7
    expect(set).toMatch(/Max-Age=7/i);
    expect(set).toMatch(/HttpOnly/i);
    const until = Number(/fw_primary_until=(\d+)/.exec(set ?? "")?.[1]);
    expect(until).toBeGreaterThanOrEqual(before + 7000);
    expect(until).toBeLessThanOrEqual(Date.now() + 7000);
    // the request the action renders with carries it as well, next to the session
    const cookie = res.headers.get("x-middleware-request-cookie") ?? "";
    expect(cookie).toContain(SESSION);
    expect(cookie).toContain(`fw_primary_until=${until}`);
  });

  it("leaves reads and requests without a session alone", () => {
    const get = proxy(new NextRequest("http://127.0.0.1:3000/failures", { headers: { cookie: SESSION } }));
    expect(get.headers.getSetCookie().join()).not.toContain("fw_primary_until");
    const anonymous = proxy(new NextRequest("http://127.0.0.1:3000/login", { method: "POST" }));
    expect(anonymous.headers.getSetCookie().join()).not.toContain("fw_primary_until");
  });
});
