// proxy.ts on its own: the page policy and HSTS follow FLEETWATCH_URL as the server runs with it, the nonce is
// fresh per response and handed to the page, and only console pages send a visitor without a session to login.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { pageCsp } from "@/lib/http/security-headers";

async function loadProxy(publicUrl: string | undefined) {
  vi.resetModules();
  if (publicUrl) vi.stubEnv("FLEETWATCH_URL", publicUrl);
  return (await import("@/proxy")).proxy;
}
afterEach(() => {
  vi.unstubAllEnvs();
});

const SESSION = { cookie: "better-auth.session_token=abc.def" };
const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];

describe("proxy", () => {
  it("gives each page response its own nonce, also in the request headers the page renders with", async () => {
    const proxy = await loadProxy(undefined);
    const a = proxy(new NextRequest("http://127.0.0.1:3000/jobs", { headers: SESSION }));
    const b = proxy(new NextRequest("http://127.0.0.1:3000/jobs", { headers: SESSION }));
    const nonce = nonceOf(a.headers.get("content-security-policy"));
    // 16 random bytes in base64: 24 characters ending in "==".
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(nonceOf(b.headers.get("content-security-policy"))).not.toBe(nonce);
    // NextResponse.next({ request: { headers } }) passes overridden request headers as x-middleware-request-*.
    expect(a.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(a.headers.get("strict-transport-security")).toBeNull();
    expect(a.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  });

  it("sends HSTS and upgrades insecure requests when the public URL is https", async () => {
    const proxy = await loadProxy("https://fleet.example.com");
    const res = proxy(new NextRequest("https://fleet.example.com/", { headers: SESSION }));
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000");
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("redirects to login without a session cookie, except on login and setup, and a forged x-nonce is replaced", async () => {
    const proxy = await loadProxy(undefined);
    const toLogin = proxy(new NextRequest("http://127.0.0.1:3000/settings?tab=keys"));
    expect(toLogin.status).toBe(307);
    const location = new URL(toLogin.headers.get("location") ?? "");
    expect(location.pathname + location.search).toBe("/login?next=%2Fsettings%3Ftab%3Dkeys");
    expect(toLogin.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    for (const path of ["/login", "/setup"]) {
      const res = proxy(
        new NextRequest(`http://127.0.0.1:3000${path}`, { headers: { "x-nonce": "attacker" } }),
      );
      expect(res.status, path).toBe(200);
      expect(res.headers.get("x-middleware-request-x-nonce"), path).not.toBe("attacker");
    }
  });
});

describe("pageCsp", () => {
  it("admits scripts by nonce only; 'unsafe-eval' in development alone", () => {
    const prod = pageCsp({ nonce: "n0", dev: false, https: false });
    const scripts = prod.split("; ").find((d) => d.startsWith("script-src"));
    expect(scripts).toBe("script-src 'self' 'nonce-n0' 'strict-dynamic'");
    expect(pageCsp({ nonce: "n0", dev: true, https: false })).toContain("'strict-dynamic' 'unsafe-eval'");
  });
});
