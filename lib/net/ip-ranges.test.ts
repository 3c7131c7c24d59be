import { describe, expect, it } from "vitest";
import { blockedAddress, ipv6Groups } from "./ip-ranges";

const kind = (a: string) => blockedAddress(a)?.kind ?? "public";

describe("blockedAddress, IPv4", () => {
  it.each([
    // [address, kind]: each range's first and last address, and the neighbours just outside it
    ["0.0.0.0", "private"],
    ["0.255.255.255", "private"],
    ["1.0.0.0", "public"],
    ["9.255.255.255", "public"],
    ["10.0.0.0", "private"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["11.0.0.0", "public"],
    ["100.63.255.255", "public"],
    ["100.64.0.0", "private"], // 100.64/10 = 100.64.0.0 - 100.127.255.255
    ["100.127.255.255", "private"],
    ["100.128.0.0", "public"],
    ["126.255.255.255", "public"],
    ["127.0.0.1", "private"],
    ["127.255.255.254", "private"],
    ["128.0.0.0", "public"],
    ["169.253.255.255", "public"],
    ["169.254.0.1", "private"],
    ["169.254.169.254", "never"], // the metadata service, inside link-local
    ["169.254.169.253", "private"],
    ["169.255.0.0", "public"],
    ["172.15.255.255", "public"],
    ["172.16.0.0", "private"], // 172.16/12 = 172.16.0.0 - 172.31.255.255
    ["172.31.255.255", "private"],
    ["172.32.0.0", "public"],
    ["192.0.0.0", "private"],
    ["192.0.0.255", "private"],
    ["192.0.1.0", "public"],
    ["192.167.255.255", "public"],
    ["192.168.0.1", "private"],
    ["192.168.255.255", "private"],
    ["192.169.0.0", "public"],
    ["198.17.255.255", "public"],
    ["198.18.0.0", "private"], // 198.18/15 = 198.18.0.0 - 198.19.255.255
    ["198.19.255.255", "private"],
    ["198.20.0.0", "public"],
    ["223.255.255.255", "public"],
    ["224.0.0.0", "never"],
    ["239.255.255.255", "never"],
    ["240.0.0.0", "never"],
    ["255.255.255.254", "never"],
    ["255.255.255.255", "never"],
    ["8.8.8.8", "public"],
    ["93.184.216.34", "public"],
  ])("%s is %s", (address, expected) => {
    expect(kind(address)).toBe(expected);
  });

  it("says why", () => {
    expect(blockedAddress("127.0.0.1")?.reason).toBe("a loopback address");
    expect(blockedAddress("169.254.169.254")?.reason).toBe("the cloud metadata service");
    expect(blockedAddress("10.0.0.1")?.reason).toBe("a private address");
  });
});

describe("blockedAddress, IPv6", () => {
  it.each([
    ["::", "private"],
    ["::1", "private"],
    ["[::1]", "private"], // as a URL's hostname spells it
    ["0:0:0:0:0:0:0:1", "private"],
    ["::2", "private"], // IPv4-compatible 0.0.0.2: "this network"
    ["fc00::", "private"],
    ["fdff:ffff::1", "private"],
    ["fe00::1", "public"],
    ["fe80::1", "private"],
    ["fe80::1%eth0", "private"], // with a zone id
    ["febf:ffff::1", "private"],
    ["fec0::1", "private"],
    ["ff02::1", "never"],
    ["fd00:ec2::254", "never"], // AWS metadata over IPv6
    // IPv4 inside IPv6: judged by the IPv4 address
    ["::ffff:127.0.0.1", "private"],
    ["::ffff:7f00:1", "private"], // the same, as the URL parser normalises it
    ["::ffff:a9fe:a9fe", "never"], // 169.254.169.254
    ["::ffff:8.8.8.8", "public"],
    ["::127.0.0.1", "private"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::a9fe:a9fe", "never"],
    ["64:ff9b::808:808", "public"], // NAT64 of 8.8.8.8
    ["64:ff9b:1::a00:1", "public"], // not the well-known /96 prefix
    ["2002:c0a8:101::1", "private"], // 6to4 of 192.168.1.1
    ["2002:808:808::1", "public"],
    ["2001:4860:4860::8888", "public"],
    ["2606:4700::1111", "public"],
  ])("%s is %s", (address, expected) => {
    expect(kind(address)).toBe(expected);
  });

  it("expands groups, :: and a trailing dotted IPv4", () => {
    expect(ipv6Groups("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups("[fe80::1%lo]")).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups("::ffff:192.168.1.2")).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0102]);
    expect(ipv6Groups("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ipv6Groups("1::")).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups("example.com")).toBeNull();
    expect(ipv6Groups("1:2")).toBeNull();
  });

  it("says which IPv4 address an IPv6 form carries", () => {
    expect(blockedAddress("::ffff:7f00:1")?.reason).toBe("a loopback address (IPv4-mapped 127.0.0.1)");
    expect(blockedAddress("64:ff9b::a9fe:a9fe")?.reason).toBe(
      "the cloud metadata service (NAT64 169.254.169.254)",
    );
  });

  it("leaves names alone (they are resolved first)", () => {
    expect(blockedAddress("localhost")).toBeNull();
  });
});
