import { describe, expect, it } from "vitest";
import { isLoopback, listenHostFromArgv, setupTokenRequired, setupUrl, tokensMatch } from "./setup-token";

describe("setup token rules", () => {
  it("loopback is localhost, 127/8, ::1 and mapped 127.x; anything else is reachable", () => {
    for (const host of [
      "localhost",
      "LOCALHOST",
      "app.localhost",
      "127.0.0.1",
      "127.9.9.9",
      "::1",
      "[::1]",
      "::ffff:127.0.0.1",
    ])
      expect(isLoopback(host), host).toBe(true);
    for (const host of [
      "0.0.0.0",
      "::",
      "10.0.0.1",
      "192.168.1.2",
      "fleet.example.com",
      "128.0.0.1",
      "localhost.evil.com",
      "",
    ])
      expect(isLoopback(host), host).toBe(false);
  });

  it("required beyond loopback, when unknown, or when FLEETWATCH_URL is not local", () => {
    expect(setupTokenRequired("127.0.0.1", undefined)).toBe(false);
    expect(setupTokenRequired("::1", "http://localhost:3000")).toBe(false);
    expect(setupTokenRequired(null, undefined)).toBe(true);
    expect(setupTokenRequired("0.0.0.0", undefined)).toBe(true);
    expect(setupTokenRequired("::", undefined)).toBe(true);
    expect(setupTokenRequired("127.0.0.1", "https://fleet.example.com")).toBe(true);
  });

  it("tokens match only when equal, whatever their lengths", () => {
    expect(tokensMatch("abc", "abc")).toBe(true);
    expect(tokensMatch("abd", "abc")).toBe(false);
    expect(tokensMatch("ab", "abc")).toBe(false);
    expect(tokensMatch("", "")).toBe(false);
  });

  it("reads next start's -H/--hostname in each of its spellings; none means every interface", () => {
    const next = ["node", "next", "start", "-p", "3000"];
    expect(listenHostFromArgv(next)).toBeNull();
    expect(listenHostFromArgv([...next, "-H", "127.0.0.1"])).toBe("127.0.0.1");
    expect(listenHostFromArgv([...next, "--hostname", "0.0.0.0"])).toBe("0.0.0.0");
    expect(listenHostFromArgv([...next, "--hostname=::1"])).toBe("::1");
    expect(listenHostFromArgv([...next, "-H10.0.0.2"])).toBe("10.0.0.2");
  });

  it("the setup link: on FLEETWATCH_URL when set, else the listen host (localhost for every interface)", () => {
    expect(setupUrl("t0k", "https://fleet.example.com/", "0.0.0.0", 3000)).toBe(
      "https://fleet.example.com/setup?token=t0k",
    );
    expect(setupUrl("t0k", undefined, null, 3000)).toBe("http://localhost:3000/setup?token=t0k");
    expect(setupUrl("t0k", undefined, "::", 8080)).toBe("http://localhost:8080/setup?token=t0k");
    expect(setupUrl("t0k", undefined, "10.0.0.2", 3000)).toBe("http://10.0.0.2:3000/setup?token=t0k");
    expect(setupUrl("t0k", undefined, "fd00::2", 3000)).toBe("http://[fd00::2]:3000/setup?token=t0k");
  });
});
