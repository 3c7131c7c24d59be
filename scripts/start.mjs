#!/usr/bin/env node
// `npm start`: builds the console when the build is missing or older than the sources, then serves it.
// `npm run dev` (`--dev`): the development server instead. Without DATABASE_URL both run on the embedded
// PostgreSQL of FLEETWATCH_DATA_DIR (scripts/embedded-db.mjs), started here or found running, and stopped
// with this process when nothing else uses it. Migrations apply on server start (instrumentation.ts).
import fs from "node:fs";
import path from "node:path";
import { runWithDatabase } from "./embedded-db.mjs";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
const SOURCES = [
  "app",
  "components",
  "lib",
  "db",
  "next.config.ts",
  "package-lock.json",
  "instrumentation.ts",
  "proxy.ts",
];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const dev = process.argv[2] === "--dev";
const nextArgs = process.argv.slice(dev ? 3 : 2);
const port = process.env.PORT ?? "3000";
// This machine only, unless told otherwise: FLEETWATCH_HOST=0.0.0.0 (or an address) serves the network, and then
// the first-time setup asks for the one-time token the server logs (lib/auth/setup-token.ts).
const host = process.env.FLEETWATCH_HOST || "127.0.0.1";
const steps = [];
// the build folder next.config.ts uses (NEXT_DIST_DIR lets a second build live beside the first)
const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (!dev && builtAt < changedAt) {
  steps.push({
    command: process.execPath,
    args: [next, "build"],
    cwd: root,
    announce: builtAt
      ? "Sources changed since the last build: rebuilding…"
      : "First start: building the console…",
  });
}
steps.push({
  command: process.execPath,
  // production: scripts/server.mjs (Next.js, with the webhook answered before its router); dev: next dev
  args: [
    dev ? next : path.join(root, "scripts", "server.mjs"),
    ...(dev ? ["dev"] : []),
    "-p",
    port,
    "-H",
    host,
    ...nextArgs,
  ],
  cwd: root,
  announce: `Fleetwatch: http://${["127.0.0.1", "0.0.0.0", "::"].includes(host) ? "localhost" : host.includes(":") ? `[${host}]` : host}:${port}`,
});
await runWithDatabase({
  dataDir: path.resolve(process.env.FLEETWATCH_DATA_DIR || ".fleetwatch"),
  databaseUrl: process.env.DATABASE_URL || undefined,
  steps,
});
