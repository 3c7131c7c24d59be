import { describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  normalizeAddress,
  PEER_ADDRESS_HEADER,
} from "./client-address";

const headers = (init: Record<string, string>) => new Headers(init);

describe("clientAddress", () => {
  it("without trusted proxies: the peer address, whatever X-Forwarded-For says", () => {
    const h = headers({ [PEER_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "203.0.113.9" });
    expect(clientAddress(h, 0)).toBe("198.51.100.7");
    // rotating the header changes nothing
    h.set("x-forwarded-for", "203.0.113.10");
    expect(clientAddress(h, 0)).toBe("198.51.100.7");
  });

  it("without trusted proxies and no peer: unknown, even with X-Forwarded-For or a forged client address", () => {
    const h = headers({ "x-forwarded-for": "203.0.113.9", [CLIENT_ADDRESS_HEADER]: "203.0.113.9" });
    expect(clientAddress(h, 0)).toBeNull();
  });

  it("with one trusted proxy: the entry that proxy appended (the rightmost), not the client's own entries", () => {
    // the client sent "1.1.1.1, 2.2.2.2"; nginx appended the address it saw: 198.51.100.7
    const h = headers({
      "x-forwarded-for": "1.1.1.1, 2.2.2.2, 198.51.100.7",
      [PEER_ADDRESS_HEADER]: "10.0.0.2",
    });
    expect(clientAddress(h, 1)).toBe("198.51.100.7");
  });

  it("with two trusted proxies: the second entry from the right", () => {
    // client -> CDN (appends client 198.51.100.7) -> nginx (appends CDN 192.0.2.1) -> console
    const h = headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.7, 192.0.2.1" });
    expect(clientAddress(h, 2)).toBe("198.51.100.7");
  });

  it("with more hops configured than entries: the leftmost entry; no header: unknown", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "198.51.100.7" }), 3)).toBe("198.51.100.7");
    expect(clientAddress(headers({}), 1)).toBeNull();
    expect(clientAddress(headers({ "x-forwarded-for": " , " }), 1)).toBeNull();
  });

  it("a trusted entry that is not an address: unknown", () => {
    expect(clientAddress(headers({ "x-forwarded-for": "1.1.1.1, evil" }), 1)).toBeNull();
  });
});

describe("normalizeAddress", () => {
  it("keeps IPv4, unwraps IPv4-mapped IPv6, groups IPv6 by /64", () => {
    expect(normalizeAddress("192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    // 2001:db8::1 = 2001:0db8:0000:0000:0000:0000:0000:0001 -> first four groups
    expect(normalizeAddress("2001:DB8::1")).toBe("2001:0db8:0000:0000::/64");
    expect(normalizeAddress("2001:db8:0:0:ffff:1:2:3")).toBe("2001:0db8:0000:0000::/64");
    expect(normalizeAddress("2001:db8:1:2::9")).toBe("2001:0db8:0001:0002::/64");
    expect(normalizeAddress("::1")).toBe("0000:0000:0000:0000::/64");
  });

  it("rejects what is not an address", () => {
    for (const value of ["", "localhost", "1.2.3", "1.2.3.4:80", "999.1.1.1", "2001:db8::g", null]) {
      expect(normalizeAddress(value)).toBeNull();
    }
  });
});
