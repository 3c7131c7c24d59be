// Every page response: a Content-Security-Policy with a fresh nonce (Next.js reads it from the request's CSP
// header and puts it on its scripts; the root layout reads x-nonce) and HSTS when the public URL is https.
// Console pages without a session cookie go to login, remembering where to come back: an optimistic check only,
// the console layout verifies the session for real.
// A server action (a POST to a page) from a session marks it for read-your-writes (lib/db-routing/marker.ts): the
// cookie goes on the response and on the request itself, so the page the action re-renders reads the primary too.
// API routes and /_next assets are not matched: their headers come from next.config.ts, and a request body
// that passes through the proxy is buffered (and cut at 10 MB), which ingest and import must not be.
import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { changesState, PRIMARY_COOKIE, primaryCookie } from "@/lib/db-routing/marker";
import { env } from "@/lib/env";
import { HSTS, isHttps, newNonce, pageCsp } from "@/lib/http/security-headers";

// /invite, /reset and /incident-link carry their own authority (the link's token); their pages check it.
const OPEN_PAGES = ["/login", "/setup", "/invite", "/reset", "/incident-link"];
const isOpen = (pathname: string) => OPEN_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));

function toLogin(request: NextRequest): NextResponse {
  const url = request.nextUrl.clone();
  const next = request.nextUrl.pathname + request.nextUrl.search;
  url.pathname = "/login";
  url.search = next === "/" ? "" : `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

/**
 * An agent or job path whose percent-encoding is malformed (/jobs/%E0%A4%A) cannot be decoded into the page's
 * params (Next.js answered 500): rewritten to a segment that cannot name anything (%00), so the page's notFound()
 * answers with the console's own 404 page.
 */
function malformedLookup(request: NextRequest): URL | null {
  const { pathname } = request.nextUrl;
  if (!/^\/(agents|jobs)\/[^/]+$/.test(pathname)) return null;
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    const url = request.nextUrl.clone();
    url.pathname = pathname.replace(/[^/]+$/, "%00");
    return url;
  }
}

export function proxy(request: NextRequest) {
  const https = isHttps(env.FLEETWATCH_URL);
  const nonce = newNonce();
  const csp = pageCsp({ nonce, dev: env.NODE_ENV === "development", https });
  let response: NextResponse;
  if (!isOpen(request.nextUrl.pathname) && !getSessionCookie(request)) {
    response = toLogin(request);
  } else {
    const writer =
      changesState(request.method) && getSessionCookie(request) ? primaryCookie(Date.now(), https) : null;
    if (writer) request.cookies.set(PRIMARY_COOKIE, writer.value);
    const headers = new Headers(request.headers);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    const malformed = malformedLookup(request);
    response = malformed
      ? NextResponse.rewrite(malformed, { request: { headers } })
      : NextResponse.next({ request: { headers } });
    if (writer) response.cookies.set(writer);
  }
  response.headers.set("content-security-policy", csp);
  if (https) response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon\\.ico$|icon\\.svg$|apple-icon\\.png$).*)"],
};
