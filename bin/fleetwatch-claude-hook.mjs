#!/usr/bin/env node
// fleetwatch-claude-hook: a Claude Code hook reporting the session to Fleetwatch (docs/claude-code.md).
// Never fails Claude Code: even a load error exits 0, with a line on stderr.
try {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: false });
  await import("../lib/runner-client/claude-code-hook.ts");
} catch (error) {
  process.stderr.write(`fleetwatch-claude-hook: could not start: ${error?.message ?? error}\n`);
  process.exit(0);
}
