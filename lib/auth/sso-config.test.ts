import { describe, expect, it } from "vitest";
import { parseDomains, resolveSsoConfig } from "./sso-config";
import { ssoErrorMessage } from "./sso-errors";

const CONNECTED = { issuer: "https://idp.example.com", clientId: "fw", clientSecret: "s3cret" };

describe("sso settings", () => {
  it("parses a domain list people type", () => {
    expect(parseDomains(" Example.com, @example.org,,example.com ")).toEqual(["example.com", "example.org"]);
    expect(parseDomains("")).toEqual([]);
    expect(parseDomains("example.com, http://evil.test")).toBeNull();
    expect(parseDomains("localhost")).toBeNull(); // no TLD: not an email domain of a company
  });

  it("keeps password sign-in on unless SSO is fully configured", () => {
    const none = {};
    expect(resolveSsoConfig({ passwordSignIn: "false" }, none).passwordSignInEffective).toBe(true);
    expect(resolveSsoConfig({ ...CONNECTED, passwordSignIn: "false" }, none).passwordSignInEffective).toBe(
      false,
    );
    // the environment's true wins over a saved false (the lock-out escape)
    const forced = resolveSsoConfig({ ...CONNECTED, passwordSignIn: "false" }, { passwordSignIn: "true" });
    expect(forced.passwordSignInEffective).toBe(true);
    expect(forced.lockedByEnv).toEqual(["passwordSignIn"]);
  });

  it("lets the environment override and lock single fields", () => {
    const c = resolveSsoConfig(
      { ...CONNECTED, label: "Okta" },
      { clientSecret: "from-env", label: undefined },
    );
    expect(c).toMatchObject({
      clientSecret: "from-env",
      label: "Okta",
      configured: true,
      defaultRole: "viewer",
    });
    expect(c.lockedByEnv).toEqual(["clientSecret"]);
  });
});

describe("login page errors", () => {
  it("says known codes in words and never echoes arbitrary text", () => {
    expect(ssoErrorMessage("SSO_INVITE_REQUIRED")).toMatch(/^Your account needs an invite/);
    expect(ssoErrorMessage("access_denied")).toMatch(/cancelled or denied/);
    expect(ssoErrorMessage("weird_code")).toBe(
      "Single sign-on did not complete (weird_code). Try again, or ask an admin of this Fleetwatch.",
    );
    expect(ssoErrorMessage("Call +1 555 0100 to unlock")).not.toContain("555");
    expect(ssoErrorMessage(null)).toBeNull();
  });
});
