// The import worker's entry: a plain module that Node can start with new Worker(path). `next build` emits it
// as a chunk of its own (Turbopack follows the path in run.ts), so it must not import anything relative to
// itself: it loads tsx (a runtime dependency) and the TypeScript worker-main.ts from the app's root, with
// imports marked so that the bundler leaves them to run time.
import { pathToFileURL } from "node:url";
import { workerData } from "node:worker_threads";

const { register } = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ "tsx/esm/api");
register();
const main = pathToFileURL(`${workerData.root}/lib/import/worker-main.ts`).href;
await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ main);
