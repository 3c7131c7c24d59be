// The import worker's entry: a plain module that Node can start with new Worker(path) from a production
// server (Next bundles route code, so a worker needs a file on disk). It loads the TypeScript importers
// through tsx, a runtime dependency, and runs worker-main.ts.
import { register } from "tsx/esm/api";

register();
await import("./worker-main.ts");
