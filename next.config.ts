import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Loaded at run time from node_modules rather than bundled.
  serverExternalPackages: ["postgres", "pino"],
  poweredByHeader: false,
  // NEXT_DIST_DIR lets parallel test runs build side by side (default .next).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default nextConfig;
