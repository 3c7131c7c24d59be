// The base URL better-auth builds callback and redirect URLs on. With FLEETWATCH_URL it is that URL. Without it
// the console answers at whatever address it is reached at (http://localhost:3000 by default, the machine's LAN
// address), so the base URL is resolved per request from the Host header, but only for hosts that are this
// machine's own: better-auth also trusts each allowed host as an origin, so a wildcard ("*") would trust every
// site. A request addressed to another name (a tunnel, a DNS name) gets http://localhost:<port>; set
// FLEETWATCH_URL for those (single sign-on needs a fixed callback URL anyway).
import { networkInterfaces, hostname as osHostname } from "node:os";
import type { BetterAuthOptions } from "better-auth";

type BaseUrlConfig = NonNullable<BetterAuthOptions["baseURL"]>;

/** The host part of a Host header for an address ("[::1]" for IPv6), without a zone id. */
function hostOf(address: string): string | null {
  const bare = address.split("%")[0] ?? "";
  if (!bare) return null;
  return bare.includes(":") ? `[${bare}]` : bare;
}

/** This machine's own host names and addresses: loopback, its interfaces and its host name. */
export function ownHosts(
  interfaces = networkInterfaces(),
  machineName: string | null = safeHostname(),
): string[] {
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      const host = hostOf(entry.address);
      // Link-local IPv6 needs a zone id no browser puts in a Host header: it can never match.
      if (host && !host.toLowerCase().startsWith("[fe80:")) hosts.add(host);
    }
  }
  if (machineName && /^[a-z0-9.-]{1,253}$/i.test(machineName)) hosts.add(machineName.toLowerCase());
  return [...hosts];
}

function safeHostname(): string | null {
  try {
    return osHostname();
  } catch {
    return null;
  }
}

/**
 * publicUrl: FLEETWATCH_URL. port: the port the console listens on (Next.js sets PORT once it listens).
 * Unset publicUrl: each own host on that port, over http (the console serves plain http itself; behind a TLS
 * proxy FLEETWATCH_URL is the documented setting), falling back to http://localhost:<port>.
 */
export function authBaseUrl(
  publicUrl: string | undefined,
  port: number,
  hosts: string[] = ownHosts(),
): BaseUrlConfig {
  if (publicUrl) return publicUrl;
  return {
    // A browser leaves the default port out of the Host header.
    allowedHosts: hosts.map((host) => (port === 80 ? host : `${host}:${port}`)),
    protocol: "http",
    fallback: `http://localhost:${port}`,
  };
}
