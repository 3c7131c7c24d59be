// The projector's worker thread (lib/ingest/projector-thread.ts starts it from the server): plain JavaScript
// that loads the TypeScript projector through tsx, so the thread runs the same code the server was built from.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { runProjectorThread } = await tsImport("../lib/ingest/projector-thread-main.ts", import.meta.url);
await runProjectorThread(parentPort, workerData);
