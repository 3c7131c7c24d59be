// The ingest thread (lib/http/ingest-thread.ts starts it from scripts/server.mjs): plain JavaScript that loads
// the TypeScript webhook handler through tsx, so the thread runs the same code the server was built from.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { runIngestThread } = await tsImport("../lib/http/ingest-thread-main.ts", import.meta.url);
await runIngestThread(parentPort, workerData);
