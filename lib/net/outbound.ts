// Requests the server makes to URLs people typed (standup webhooks now, alert destinations later), kept away
// from the machine itself, its private networks and the cloud metadata service (SSRF):
// - only http and https;
// - the host is resolved (every address) and refused when ANY address is in a blocked range (ip-ranges.ts);
//   IP spellings like http://2130706433/ or http://0x7f.1/ are normalised by the URL parser first;
// - the connection goes to the vetted addresses (a custom `lookup` pins them), so a DNS answer that changes
//   between the check and the connect (rebinding) is never used; Host and the TLS server name stay the
//   URL's name;
// - redirects are not followed (a 3xx is the answer), and the response body read is bounded.
// FLEETWATCH_WEBHOOK_ALLOW_PRIVATE=1 allows private, loopback and link-local targets (internal receivers,
// tests); the metadata service, multicast and reserved addresses stay refused.
import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { env } from "@/lib/env";
import { blockedAddress } from "./ip-ranges";

/** The destination may not be called; retrying will not help. */
export class OutboundRefusedError extends Error {
  override name = "OutboundRefusedError";
}

export type ResolvedAddress = { address: string; family: 4 | 6 };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type OutboundPolicy = {
  /** Default: FLEETWATCH_WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate?: boolean;
  /** Default: the system resolver (dns.lookup, every address). */
  resolve?: Resolver;
};

/** Response bodies are read up to this many bytes (a receiver's answer is only shown in a short error). */
const MAX_RESPONSE_BYTES = 64 * 1024;

const systemResolve: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** The URL, when it is one the server may call at all (http or https). */
export function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefusedError("not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundRefusedError(`only http and https URLs can be called, not ${url.protocol}`);
  return url;
}

function vet(address: string, host: string, allowPrivate: boolean) {
  const blocked = blockedAddress(address);
  if (!blocked || (blocked.kind === "private" && allowPrivate)) return;
  const what = host === address ? `${host} is` : `${host} resolves to ${address}, which is`;
  const hint =
    blocked.kind === "private"
      ? "set FLEETWATCH_WEBHOOK_ALLOW_PRIVATE=1 to allow internal receivers"
      : "never allowed";
  throw new OutboundRefusedError(`${what} ${blocked.reason} (${hint})`);
}

/**
 * Resolves the URL's host and vets every address it has. Throws OutboundRefusedError when the target may
 * not be called; a plain Error when the name does not resolve (that may pass: a retry may succeed).
 */
export async function vetTarget(
  raw: string,
  policy: OutboundPolicy = {},
): Promise<{ url: URL; addresses: ResolvedAddress[] }> {
  const url = parseTarget(raw);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const allowPrivate = policy.allowPrivate ?? env.FLEETWATCH_WEBHOOK_ALLOW_PRIVATE;
  const family = isIP(host);
  let addresses: ResolvedAddress[];
  if (family === 4 || family === 6) addresses = [{ address: host, family }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new Error(`could not resolve ${host}${code ? ` (${code})` : ""}`);
    }
    if (addresses.length === 0) throw new Error(`could not resolve ${host}`);
  }
  for (const a of addresses) vet(a.address, host, allowPrivate);
  return { url, addresses };
}

/** dns.lookup's shape, answering only with the vetted addresses. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0] as ResolvedAddress;
    if (options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
}

const NULL_BODY = new Set([204, 205, 304]);

/**
 * fetch's shape for a request to a URL people typed: vetted and pinned as above, never following redirects.
 * The body must be a string (or absent).
 */
export async function outboundFetch(
  raw: string,
  init: RequestInit = {},
  policy: OutboundPolicy = {},
): Promise<Response> {
  const { url, addresses } = await vetTarget(raw, policy);
  if (init.body != null && typeof init.body !== "string")
    throw new Error("outboundFetch sends string bodies");
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  const headers = Object.fromEntries(new Headers(init.headers).entries());
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const fail = (e: unknown) => reject(signal?.aborted ? signal.reason : e);
    const req = client.request(
      url,
      { method: init.method ?? "GET", headers, lookup: pinnedLookup(addresses), agent: false, signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 599) return fail(new Error(`unexpected HTTP status ${status}`));
          const out = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
            try {
              out.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
            } catch {
              // a header value fetch's Headers refuses: left out
            }
          }
          const body = NULL_BODY.has(status) ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: res.statusMessage ?? "", headers: out }));
        };
        res.on("data", (chunk: Buffer) => {
          if (size >= MAX_RESPONSE_BYTES) return;
          chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) {
            res.destroy();
            finish();
          }
        });
        res.on("end", finish);
        res.on("error", fail);
      },
    );
    req.on("error", fail);
    req.end(init.body ?? undefined);
  });
}
