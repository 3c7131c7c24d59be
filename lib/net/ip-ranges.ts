// Which IP addresses an outbound request (webhooks, later alert destinations) must not reach: the machine
// itself, its private networks and the cloud metadata service, which a server-side request could otherwise
// be pointed at (SSRF). Pure: addresses in, a reason out. IPv6 forms that carry an IPv4 address (mapped
// ::ffff:a.b.c.d, NAT64 64:ff9b::/96, IPv4-compatible ::a.b.c.d, 6to4 2002::/16) are judged by that address.
//
// "private" ranges are allowed when the operator says internal receivers are fine
// (FLEETWATCH_WEBHOOK_ALLOW_PRIVATE=1); "never" ones (metadata, multicast, reserved) are refused regardless:
// no webhook receiver lives there.
import { isIPv4, isIPv6 } from "node:net";

export type Blocked = { reason: string; kind: "private" | "never" };

type Range4 = { base: number; bits: number; reason: string; kind: Blocked["kind"] };

const v4 = (s: string): number => s.split(".").reduce((n, part) => n * 256 + Number(part), 0);

const RANGES_V4: Range4[] = [
  // most specific first: the metadata address sits inside link-local
  ["169.254.169.254/32", "the cloud metadata service", "never"],
  ["255.255.255.255/32", "the broadcast address", "never"],
  ["0.0.0.0/8", "a 'this network' address (0.0.0.0 reaches this machine)", "private"],
  ["10.0.0.0/8", "a private address", "private"],
  ["100.64.0.0/10", "a shared (carrier-grade NAT) address", "private"],
  ["127.0.0.0/8", "a loopback address", "private"],
  ["169.254.0.0/16", "a link-local address", "private"],
  ["172.16.0.0/12", "a private address", "private"],
  ["192.0.0.0/24", "an IETF protocol address", "private"],
  ["192.168.0.0/16", "a private address", "private"],
  ["198.18.0.0/15", "a benchmarking address", "private"],
  ["224.0.0.0/4", "a multicast address", "never"],
  ["240.0.0.0/4", "a reserved address", "never"],
].map(([cidr, reason, kind]) => {
  const [base = "", bits = "32"] = (cidr as string).split("/");
  return { base: v4(base), bits: Number(bits), reason: reason as string, kind: kind as Blocked["kind"] };
});

function blockedV4(address: string): Blocked | null {
  const n = v4(address);
  for (const r of RANGES_V4) {
    const size = 2 ** (32 - r.bits);
    if (Math.floor(n / size) === Math.floor(r.base / size)) return { reason: r.reason, kind: r.kind };
  }
  return null;
}

/** The eight 16-bit groups of an IPv6 address (zone id dropped, a trailing dotted IPv4 folded in). */
export function ipv6Groups(address: string): number[] | null {
  const plain = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!isIPv6(plain)) return null;
  let text = plain;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const n = v4(dotted);
    text = `${text.slice(0, -dotted.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const part = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  const groups = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 ? groups : null;
}

const embeddedV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

function blockedV6(g: number[]): Blocked | null {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, hi = 0, lo = 0] = g;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return { reason: "the unspecified address (::)", kind: "private" };
  if (zeroTo(7) && lo === 1) return { reason: "the loopback address (::1)", kind: "private" };
  if (zeroTo(5) && f === 0xffff) return judgeEmbedded(embeddedV4(hi, lo), "IPv4-mapped");
  if (zeroTo(6)) return judgeEmbedded(embeddedV4(hi, lo), "IPv4-compatible");
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0)
    return judgeEmbedded(embeddedV4(hi, lo), "NAT64");
  if (a === 0x2002) return judgeEmbedded(embeddedV4(b, c), "6to4");
  if (a === 0xfd00 && b === 0x0ec2 && g.slice(2, 7).every((x) => x === 0) && lo === 0x254)
    return { reason: "the cloud metadata service", kind: "never" };
  if ((a & 0xfe00) === 0xfc00) return { reason: "a unique local (private) address", kind: "private" };
  if ((a & 0xffc0) === 0xfe80) return { reason: "a link-local address", kind: "private" };
  if ((a & 0xffc0) === 0xfec0) return { reason: "a site-local address", kind: "private" };
  if ((a & 0xff00) === 0xff00) return { reason: "a multicast address", kind: "never" };
  return null;
}

function judgeEmbedded(address: string, form: string): Blocked | null {
  const inner = blockedV4(address);
  return inner ? { reason: `${inner.reason} (${form} ${address})`, kind: inner.kind } : null;
}

/** Why this IP address must not be reached, or null for a public address. Not an IP address: null. */
export function blockedAddress(address: string): Blocked | null {
  if (isIPv4(address)) return blockedV4(address);
  const groups = ipv6Groups(address);
  return groups ? blockedV6(groups) : null;
}
