import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Database drivers load native/wasm assets at run time: keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "pino"],
  poweredByHeader: false,
};

export default nextConfig;
