import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Database drivers load native/wasm assets at run time: keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pino"],
  poweredByHeader: false,
  // NEXT_DIST_DIR lets parallel test runs build side by side (default .next).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default nextConfig;
