// Runs once when the server starts, before it serves: opens the database and applies migrations.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDbHandle } = await import("@/db/client");
  const { logger } = await import("@/lib/logger");
  const handle = await getDbHandle();
  logger.info({ driver: handle.driver }, "database ready, migrations applied");
  // Daily standup delivery to webhooks (every instance ticks; one sends per project and day).
  if (process.env.NODE_ENV !== "test") (await import("@/lib/standups/loop")).startStandupLoop();
  const { startBudgetWatcher } = await import("@/lib/costs/watcher");
  startBudgetWatcher(handle.db);
}
