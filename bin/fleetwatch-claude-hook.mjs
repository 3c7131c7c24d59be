#!/usr/bin/env node
// fleetwatch-claude-hook: a Claude Code hook reporting the session to Fleetwatch (docs/claude-code.md).
// Plain JavaScript (bin/dist, built from lib/runner-client by npm run build:runner): no compile step per call.
// Never fails Claude Code: even a load error exits 0, with a line on stderr.
try {
  await import("./dist/fleetwatch-claude-hook.mjs");
} catch (error) {
  process.stderr.write(`fleetwatch-claude-hook: could not start: ${error?.message ?? error}\n`);
  process.exit(0);
}
