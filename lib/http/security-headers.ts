// Security headers of every response. Pure (no env): proxy.ts applies the page policy per request (a fresh
// nonce, HSTS from the runtime FLEETWATCH_URL); next.config.ts applies the rest at build time to the paths the
// proxy skips (API routes, /_next assets), where a body must not be buffered through the proxy.

/** On every response: no MIME sniffing, never framed, referrers cut to the origin when leaving the console. */
export const BASE_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
] as const;

/** One year; no includeSubDomains or preload: other hosts under the operator's domain are not ours to pin. */
export const HSTS = "max-age=31536000";

/** Whether the public URL is https (then HSTS is sent and insecure subresource URLs are upgraded). */
export const isHttps = (publicUrl: string | undefined) => publicUrl?.startsWith("https://") ?? false;

/** Responses that are not documents (JSON, scripts, images): they may load nothing and be framed by no one. */
export const NON_DOCUMENT_CSP =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The pages' policy. Scripts: only those carrying this response's nonce (Next.js puts it on its own scripts and
 * inline payloads, the theme script gets it from the root layout) and what they load ('strict-dynamic'); no
 * 'unsafe-inline'. Development adds 'unsafe-eval' (React rebuilds server error stacks with eval). Styles need
 * 'unsafe-inline': React and recharts set style attributes, and a nonce would make browsers ignore it.
 */
export function pageCsp({ nonce, dev, https }: { nonce: string; dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** A fresh nonce per response: 128 random bits, base64. */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
