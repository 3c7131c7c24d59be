import type { NextConfig } from "next";
import { BASE_HEADERS, HSTS, isHttps, NON_DOCUMENT_CSP } from "./lib/http/security-headers";

// The paths proxy.ts does not see (it sets the pages' nonce'd CSP and HSTS at run time). These headers are
// fixed at build time, so HSTS here follows FLEETWATCH_URL as it was when `next build` ran.
const NOT_PROXIED = ["/api/:path*", "/_next/:path*", "/favicon.ico", "/icon.svg", "/apple-icon.png"];
const nonDocument = [
  { key: "Content-Security-Policy", value: NON_DOCUMENT_CSP },
  ...(isHttps(process.env.FLEETWATCH_URL) ? [{ key: "Strict-Transport-Security", value: HSTS }] : []),
];

const nextConfig: NextConfig = {
  // Loaded at run time from node_modules rather than bundled.
  serverExternalPackages: ["postgres", "pino"],
  poweredByHeader: false,
  // NEXT_DIST_DIR lets parallel test runs build side by side (default .next).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  async headers() {
    return [
      { source: "/:path*", headers: [...BASE_HEADERS] },
      ...NOT_PROXIED.map((source) => ({ source, headers: nonDocument })),
    ];
  },
};

export default nextConfig;
