// Who is signing in, by network address. A route handler of Next.js does not see the TCP peer, and Next.js only
// fills in X-Forwarded-For when the client sent none, so that header is the client's to choose. The server
// therefore stamps the peer address on every request itself (capturePeerAddress, overwriting whatever a client
// sent under that name), and X-Forwarded-For counts only when FLEETWATCH_TRUST_PROXY says proxies append to it.
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server } from "node:http";
import { isIP, type Socket } from "node:net";

export const PEER_ADDRESS_HEADER = "x-fleetwatch-peer-address";
/** The address the HTTP server that took the request is bound to (first-time setup asks for a token beyond loopback). */
export const LISTEN_ADDRESS_HEADER = "x-fleetwatch-listen-address";
/** The resolved client address, set by handleAuthRequest for better-auth's own limiter and session records. */
export const CLIENT_ADDRESS_HEADER = "x-fleetwatch-client-address";

const CAPTURE_KEY = Symbol.for("fleetwatch.peer-address-capture");

/**
 * Stamps every HTTP request this process serves with its TCP peer address and the address its server is bound to
 * (both overwriting whatever a client sent under those names), before Next.js sees it
 * (Node's "http.server.request.start" channel is published right before the request event). Idempotent.
 */
export function capturePeerAddress(): void {
  const g = globalThis as typeof globalThis & { [CAPTURE_KEY]?: true };
  if (g[CAPTURE_KEY]) return;
  g[CAPTURE_KEY] = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket, server } = message as {
      request: IncomingMessage;
      socket: Socket;
      server?: Server;
    };
    if (socket.remoteAddress) request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress;
    else delete request.headers[PEER_ADDRESS_HEADER];
    const bound = server?.address();
    if (bound && typeof bound === "object") request.headers[LISTEN_ADDRESS_HEADER] = bound.address;
    else delete request.headers[LISTEN_ADDRESS_HEADER];
  });
}

/**
 * The client's address for throttling, or null when unknown. trustProxyHops = 0: the TCP peer; n > 0: the n-th
 * X-Forwarded-For entry from the right (each trusted proxy appends the address it received the request from,
 * so entries further left are whatever the client wrote).
 */
export function clientAddress(headers: Headers, trustProxyHops: number): string | null {
  if (trustProxyHops <= 0) return normalizeAddress(headers.get(PEER_ADDRESS_HEADER));
  // Several X-Forwarded-For headers arrive joined with ", " by the Headers object: one list either way.
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (hops.length === 0) return null;
  return normalizeAddress(hops[Math.max(0, hops.length - trustProxyHops)] ?? null);
}

/**
 * One key per client: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by its /64 (one host usually holds a
 * whole /64, so counting single addresses would give it 2^64 fresh budgets). Anything else: null.
 */
export function normalizeAddress(value: string | null): string | null {
  if (!value) return null;
  const address = value.trim().toLowerCase();
  const family = isIP(address);
  if (family === 4) return address;
  if (family !== 6) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped && isIP(mapped) === 4) return mapped;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail ("64:ff9b::1.2.3.4") counts as two groups; it only affects the last 64 bits.
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, missing)).fill("0"), ...right];
  return groups.map((group) => group.padStart(4, "0"));
}
