// Issue 19, point 18: the documented configuration (no FLEETWATCH_URL, http://localhost:3000) starts without
// better-auth's "Base URL is not set" warning, and the base URL it derives is right for localhost, for this
// machine's own addresses, and falls back to localhost for any other host, without trusting other sites.
import { betterAuth, resolveBaseURL } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { account, session, user, verification } from "@/db/schema";
import { authBaseUrl, ownHosts } from "@/lib/auth/base-url";
import { buildAuth } from "@/lib/auth/server";
import { signUp } from "../helpers/auth-requests";
import { openFreshDb } from "../helpers/fresh-db";

const SECRET = "base-url-test-secret-0123456789abcdef";
const BASE_URL_WARNING = /Base URL is not set/;

type Captured = { level: string; message: string };

describe("better-auth base URL", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    ({ handle } = await openFreshDb("fw_base_url"));
  });
  afterAll(() => handle.close());

  it('building the auth without FLEETWATCH_URL logs no "Base URL is not set" warning (and the capture works)', async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const captured: Captured[] = [];
      const auth = buildAuth(handle.db, SECRET, {
        publicUrl: undefined,
        log: (level, message) => captured.push({ level, message }),
      });
      await auth.$context;
      // Control: the same capture on a bare better-auth with no base URL sees the warning, so silence above
      // means "not logged", not "not captured".
      const bare: Captured[] = [];
      await betterAuth({
        secret: SECRET,
        database: drizzleAdapter(handle.db, {
          provider: "pg",
          schema: { user, session, account, verification },
        }),
        logger: { level: "warn", log: (level, message) => bare.push({ level, message }) },
      }).$context;
      expect(bare.some((entry) => BASE_URL_WARNING.test(entry.message))).toBe(true);

      expect(captured.filter((entry) => BASE_URL_WARNING.test(entry.message))).toEqual([]);
      // ...nor on the console: the old code let better-auth print it there (console.warn)
      const printed = warn.mock.calls.map((args) => args.map(String).join(" "));
      expect(printed.filter((line) => BASE_URL_WARNING.test(line))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it("a refused request is not also printed by better-auth's own console logger", async () => {
    const printed = [vi.spyOn(console, "error"), vi.spyOn(console, "warn"), vi.spyOn(console, "log")];
    printed.forEach((spy) => {
      spy.mockImplementation(() => {});
    });
    try {
      const auth = buildAuth(handle.db, SECRET, { publicUrl: undefined, log: () => {} });
      // a 403: a sign-up without the setup token on a console listening on every interface
      const refused = await signUp(
        auth,
        { name: "M", email: "m@fleet.test", password: "password-m-123" },
        { listen: "0.0.0.0" },
      );
      expect(refused.status).toBe(403);
      expect(printed.flatMap((spy) => spy.mock.calls)).toEqual([]);
    } finally {
      printed.forEach((spy) => {
        spy.mockRestore();
      });
    }
  });

  it("with FLEETWATCH_URL the base URL is that URL", async () => {
    const auth = buildAuth(handle.db, SECRET, { publicUrl: "https://fleet.example.com" });
    expect((await auth.$context).baseURL).toBe("https://fleet.example.com/api/auth");
  });

  it("without it, own hosts resolve to themselves and any other host to http://localhost:<port>", () => {
    const config = authBaseUrl(undefined, 3000, [
      "localhost",
      "127.0.0.1",
      "[::1]",
      "192.168.1.20",
      "devbox",
    ]);
    const at = (host: string) =>
      resolveBaseURL(
        config,
        "/api/auth",
        new Request(`http://${host}/api/auth/get-session`, { headers: { host } }),
      );
    expect(at("localhost:3000")).toBe("http://localhost:3000/api/auth");
    expect(at("127.0.0.1:3000")).toBe("http://127.0.0.1:3000/api/auth");
    expect(at("[::1]:3000")).toBe("http://[::1]:3000/api/auth");
    expect(at("192.168.1.20:3000")).toBe("http://192.168.1.20:3000/api/auth");
    expect(at("devbox:3000")).toBe("http://devbox:3000/api/auth");
    // another name (a tunnel, a DNS name pointed here), or an own host on another port: the fallback
    expect(at("evil.example:3000")).toBe("http://localhost:3000/api/auth");
    expect(at("localhost:4000")).toBe("http://localhost:3000/api/auth");
  });

  it("own hosts: loopback, every interface address (IPv6 in brackets, no link-local), the host name", () => {
    const hosts = ownHosts(
      {
        lo: [{ address: "127.0.0.1", family: "IPv4", internal: true, netmask: "", mac: "", cidr: null }],
        eth0: [
          { address: "10.0.0.7", family: "IPv4", internal: false, netmask: "", mac: "", cidr: null },
          {
            address: "fd00::7",
            family: "IPv6",
            internal: false,
            netmask: "",
            mac: "",
            cidr: null,
            scopeid: 0,
          },
          {
            address: "fe80::1",
            family: "IPv6",
            internal: false,
            netmask: "",
            mac: "",
            cidr: null,
            scopeid: 2,
          },
        ],
      },
      "DevBox",
    );
    expect(hosts).toEqual(["localhost", "127.0.0.1", "[::1]", "10.0.0.7", "[fd00::7]", "devbox"]);
  });

  it("the origins trusted for the derived base URL are this machine's own, never a wildcard", async () => {
    // better-auth trusts each allowed host as an origin (a "*" would trust every site). Checked on the built
    // context: vitest runs better-auth with its origin check off, so a cross-site request would not show it.
    const auth = buildAuth(handle.db, SECRET, { publicUrl: undefined });
    const context = await auth.$context;
    expect(context.trustedOrigins.filter((origin) => origin.includes("*"))).toEqual([]);
    expect(context.isTrustedOrigin("http://localhost:3000")).toBe(true);
    expect(context.isTrustedOrigin("http://127.0.0.1:3000")).toBe(true);
    for (const foreign of ["http://evil.example:3000", "https://evil.example", "http://localhost:5173"])
      expect(context.isTrustedOrigin(foreign), foreign).toBe(false);
  });
});
