// The CSRF floor: a state-changing request that a session cookie authorises must come from the console's own
// pages. A browser adds the cookie to a cross-site form post or fetch by itself; it cannot forge Origin or
// Sec-Fetch-Site. A request with an API key (Authorization: Bearer) carries no ambient credential and is not
// checked here (runners send no Origin).
import { env } from "@/lib/env";
import { ApiError } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const isStateChanging = (method: string) => !SAFE_METHODS.has(method.toUpperCase());

/** Scheme, host and port in the form browsers send in Origin (lowercase host, default port dropped). */
function normalise(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The console's own origin: the public URL (FLEETWATCH_URL) when set, else the origin the request was addressed
 * to (its Host, with X-Forwarded-Proto's scheme), the same rule better-auth's trustedOrigins uses.
 */
export function consoleOrigin(request: Request, publicUrl = env.FLEETWATCH_URL): string | null {
  if (publicUrl) return normalise(publicUrl);
  const host = request.headers.get("host");
  if (!host) return null;
  const proto =
    request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ??
    new URL(request.url).protocol.slice(0, -1);
  return normalise(`${proto}://${host}`);
}

const crossSite = (why: string) =>
  new ApiError(
    403,
    "cross_origin",
    `${why} A signed-in session may only change things from the console's own pages; scripts and runners send Authorization: Bearer <API key>.`,
  );

/**
 * Throws 403 unless the request comes from the console's own origin: Origin when the browser sent one, else
 * Sec-Fetch-Site. A request with neither is not from a browser that could have been driven by another site
 * (every browser that omits Origin on a POST also omits Sec-Fetch-Site), so it passes.
 */
export function assertSameOrigin(request: Request, publicUrl = env.FLEETWATCH_URL): void {
  const origin = request.headers.get("origin");
  if (origin !== null) {
    const own = consoleOrigin(request, publicUrl);
    if (own && normalise(origin) === own) return;
    throw crossSite(
      `Cross-origin request refused: Origin ${origin.slice(0, 100)} is not this console's (${own ?? "unknown"}).`,
    );
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === null || site === "same-origin") return;
  throw crossSite(`Cross-origin request refused: Sec-Fetch-Site is "${site.slice(0, 40)}".`);
}
