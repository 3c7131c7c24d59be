#!/usr/bin/env node
// fleetwatch-report: report a job event to Fleetwatch from a shell script (docs/runner-client.md).
// Loads the TypeScript through tsx; tsconfig: false so a tsconfig.json in the caller's directory cannot interfere.
import { register } from "tsx/esm/api";

register({ tsconfig: false });
await import("../lib/runner-client/cli.ts");
