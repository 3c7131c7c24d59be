#!/usr/bin/env node
// fleetwatch-report: report a job event to Fleetwatch from a shell script (docs/runner-client.md).
// Plain JavaScript (bin/dist, built from lib/runner-client by npm run build:runner).
await import("./dist/fleetwatch-report.mjs");
