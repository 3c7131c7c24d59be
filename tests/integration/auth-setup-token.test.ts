// Issue 19, point 18: until the first admin exists, a console reachable from the network (listening beyond
// loopback, or published at a non-local FLEETWATCH_URL) is set up only with the one-time token of its server log.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { instanceSetting, user } from "@/db/schema";
import { capturePeerAddress, LISTEN_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { buildAuth } from "@/lib/auth/server";
import { announceSetupToken, setupToken } from "@/lib/auth/setup-token";
import { SETUP_TOKEN_MESSAGES } from "@/lib/auth/setup-token-messages";
import { signUp } from "../helpers/auth-requests";
import { openFreshDb } from "../helpers/fresh-db";

const SECRET = "setup-token-test-secret-0123456789abcdef";
const owner = { name: "Owner", email: "owner@fleet.test", password: "password-owner-1" };

async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as { code?: string; message?: string } };
}

describe("setup token", () => {
  const handles: DbHandle[] = [];
  const fresh = async (prefix: string) => {
    const { handle } = await openFreshDb(prefix);
    handles.push(handle);
    return handle;
  };
  afterAll(async () => {
    for (const h of handles) await h.close();
  });

  it("on a console listening on 0.0.0.0: missing and wrong tokens are refused with a reason, the right one works once", async () => {
    const handle = await fresh("fw_setup_token");
    const auth = buildAuth(handle.db, SECRET, { publicUrl: undefined });
    const token = await setupToken(handle.db); // what the server printed at startup
    const from = { listen: "0.0.0.0" };

    expect(await answer(await signUp(auth, owner, from))).toEqual({
      status: 403,
      body: expect.objectContaining({
        code: "SETUP_TOKEN_REQUIRED",
        message: SETUP_TOKEN_MESSAGES.SETUP_TOKEN_REQUIRED,
      }),
    });
    for (const wrong of ["", "   ", `${token}x`, token.slice(0, -1), "x".repeat(10_000)]) {
      const { status, body } = await answer(await signUp(auth, owner, { ...from, setupToken: wrong }));
      expect(status).toBe(403);
      // a blank header is the same as none
      expect(body.code).toBe(wrong.trim() ? "SETUP_TOKEN_INVALID" : "SETUP_TOKEN_REQUIRED");
    }
    expect(await handle.db.select().from(user)).toHaveLength(0);

    const right = await signUp(auth, owner, { ...from, setupToken: token });
    expect(right.status).toBe(200);
    const users = await handle.db.select().from(user);
    expect(users.map((u) => [u.email, u.role])).toEqual([["owner@fleet.test", "owner"]]);
    // used up: the token is gone from the database, and the same token cannot make a second account
    expect(
      await handle.db.select().from(instanceSetting).where(eq(instanceSetting.key, "setup_token")),
    ).toEqual([]);
    const again = await answer(
      await signUp(auth, { ...owner, email: "second@fleet.test" }, { ...from, setupToken: token }),
    );
    expect(again.status).toBe(403);
    expect(again.body.message).toBe("Sign-up is closed. Ask an admin for an account.");
  });

  it("an unknown listen address (not stamped by the server) counts as reachable", async () => {
    const handle = await fresh("fw_setup_token_unknown");
    const auth = buildAuth(handle.db, SECRET, { publicUrl: undefined });
    expect((await answer(await signUp(auth, owner, { listen: null }))).body.code).toBe(
      "SETUP_TOKEN_REQUIRED",
    );
    // IPv6 any-address and a LAN address too
    expect((await answer(await signUp(auth, owner, { listen: "::" }))).body.code).toBe(
      "SETUP_TOKEN_REQUIRED",
    );
    expect((await answer(await signUp(auth, owner, { listen: "10.1.2.3" }))).body.code).toBe(
      "SETUP_TOKEN_REQUIRED",
    );
  });

  it("on loopback no token is asked (the quickstart), unless FLEETWATCH_URL publishes the console", async () => {
    const published = await fresh("fw_setup_token_published");
    const behindProxy = buildAuth(published.db, SECRET, { publicUrl: "https://fleet.example.com" });
    const refused = await answer(
      await signUp(behindProxy, owner, { listen: "127.0.0.1", origin: "https://fleet.example.com" }),
    );
    expect(refused).toMatchObject({ status: 403, body: { code: "SETUP_TOKEN_REQUIRED" } });

    for (const listen of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) {
      const handle = await fresh("fw_setup_token_local");
      const auth = buildAuth(handle.db, SECRET, { publicUrl: undefined });
      expect((await signUp(auth, owner, { listen })).status).toBe(200);
    }
  });

  it("startup logs the setup link with the token on a reachable console only, and only before the first admin", async () => {
    const handle = await fresh("fw_setup_token_announce");
    const lines: string[] = [];
    const log = { warn: (_fields: object, message: string) => lines.push(message) };
    const at = (listenHost: string | null, publicUrl?: string) =>
      announceSetupToken(handle.db, { listenHost, publicUrl, port: 3000 }, log);

    expect(await at("127.0.0.1")).toBeNull();
    expect(lines).toEqual([]);
    const token = await setupToken(handle.db);
    // every interface (next start without -H): the link on localhost, with the stored token
    expect(await at(null)).toBe(`http://localhost:3000/setup?token=${token}`);
    expect(lines[0]).toContain(`http://localhost:3000/setup?token=${token}`);
    // published: the link on the public URL; the same token (restarts and other instances print the same one)
    expect(await at("127.0.0.1", "https://fleet.example.com")).toBe(
      `https://fleet.example.com/setup?token=${token}`,
    );

    const auth = buildAuth(handle.db, SECRET, { publicUrl: undefined });
    expect((await signUp(auth, owner, { listen: "0.0.0.0", setupToken: token })).status).toBe(200);
    expect(await at(null)).toBeNull();
    expect(lines).toHaveLength(2);
  });

  it("the server stamps the address it listens on over whatever the client sent", async () => {
    capturePeerAddress();
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/`, { headers: { [LISTEN_ADDRESS_HEADER]: "127.0.0.1-forged" } });
      expect(seen[0]?.[LISTEN_ADDRESS_HEADER]).toBe("127.0.0.1");
    } finally {
      server.close();
    }
  });
});
