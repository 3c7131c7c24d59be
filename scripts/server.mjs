#!/usr/bin/env node
// The production server (`npm start` runs it after building; tests and benches spawn it as they spawned
// `next start`): Next.js serves the console through its own request handler, and POST /api/v1/events, the
// webhook every runner's hook calls once per event, is answered before Next.js's router by the route's own
// handler (lib/http/ingest-front.ts, ADR 0039) in a worker thread of its own (lib/http/ingest-thread.ts, ADR
// 0040). Arguments as `next start`'s: -p/--port, -H/--hostname, --keepAliveTimeout (ms).
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { tsImport } from "tsx/esm/api";

const root = path.resolve(import.meta.dirname, "..");
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: "string", short: "p" },
      hostname: { type: "string", short: "H" },
      keepAliveTimeout: { type: "string" },
    },
  }));
} catch (err) {
  console.error(
    `${err.message}\nUsage: node scripts/server.mjs [-p port] [-H hostname] [--keepAliveTimeout ms]`,
  );
  process.exit(2);
}
const port = Number(args.port ?? process.env.PORT ?? 3000);
const keepAlive = args.keepAliveTimeout === undefined ? undefined : Number(args.keepAliveTimeout);
if (!Number.isInteger(port) || port < 0 || port > 65535 || (keepAlive !== undefined && !(keepAlive >= 0))) {
  console.error("The port must be 0-65535 and --keepAliveTimeout a number of milliseconds.");
  process.exit(2);
}
const hostname = args.hostname;
process.env.NODE_ENV ??= "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";
// Next.js and the settings read it (the setup link, the public URL's default) as under `next start`
process.env.PORT = String(port);

const server = http.createServer();
if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive;
const app = next({ dev: false, dir: root, hostname, port, httpServer: server });
const handle = app.getRequestHandler();
// the router; instrumentation.ts (the database, migrations, the projector thread) starts here, unawaited
await app.prepare();
// The front's modules load once the server listens (instrumentation.ts may already have logged the setup link);
// until they are loaded and instrumentation.ts is done (migrations, the projector thread), Next.js takes the
// webhook too, and holds requests until the start-up is done.
let front = null;

server.on("request", (req, res) => {
  // the webhook: in the ingest thread when it runs, else on this thread
  if (front?.isIngestRequest(req.method, req.url) && front.isServerReady())
    front.serveIngestInThread(req, res);
  else
    handle(req, res).catch((err) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
});
server.on("error", (err) => {
  console.error(`Failed to start server: ${err.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  const address = server.address();
  console.log(
    `Ready on ${typeof address === "object" && address ? `${address.address}:${address.port}` : address}`,
  );
});

let closing = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    // stop accepting, let requests in flight finish (at most 10 s), then let Next.js clean up
    const force = setTimeout(() => process.exit(0), 10_000);
    force.unref();
    server.close(() => {
      void app.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
  });
}

const [{ isIngestRequest }, { serveIngestInThread, startIngestThread }, { isServerReady, whenServerReady }] =
  await Promise.all([
    tsImport("../lib/http/ingest-front.ts", import.meta.url),
    tsImport("../lib/http/ingest-thread.ts", import.meta.url),
    tsImport("../lib/startup/ready.ts", import.meta.url),
  ]);
front = { isIngestRequest, isServerReady, serveIngestInThread };
// the webhook's own thread (FLEETWATCH_INGEST_FRONT=thread, the default), once the database is migrated
void whenServerReady().then(() => startIngestThread());
