// The import worker's entry: a plain module that Node can start with new Worker(path). `next build` emits it
// as a chunk of its own (Turbopack follows the path in run.ts), so it must not import anything relative to
// itself: it loads tsx (a runtime dependency) and the TypeScript worker-main.ts from the app's root, with
// imports marked so that the bundler leaves them to run time.
import fs from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { workerData } from "node:worker_threads";

// Linux keeps a nice value per thread: lowered here, a busy CPU goes to the request thread first, so the
// server keeps answering while a big file is parsed. Elsewhere (no /proc/thread-self) this is skipped.
try {
  const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0) os.setPriority(tid, 10);
} catch {}

const { register } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "tsx/esm/api");
register();
const main = pathToFileURL(`${workerData.root}/lib/import/worker-main.ts`).href;
await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ main);
