// Runs once when the server starts, before it serves: opens the database and applies migrations, then starts
// the background ticks (every instance runs them; each records or sends a thing once, whatever the count).
export async function register() {
  // The one place outside lib/env.ts that reads the environment: Next.js's own runtime marker.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Every request carries its TCP peer address from here on (sign-in throttling keys on it).
  (await import("@/lib/auth/client-address")).capturePeerAddress();
  const { env } = await import("@/lib/env");
  const { getDbHandle } = await import("@/db/client");
  const { logger } = await import("@/lib/logger");
  // One line per request (method, path without query, status, duration) at info.
  (await import("@/lib/http/request-log")).installRequestLog(logger);
  const handle = await getDbHandle();
  await (await import("@/lib/startup/prepare-database")).seedReferenceData(handle);
  logger.info("database ready, migrations applied");
  // A fresh console reachable from the network: the setup link with its one-time token (lib/auth/setup-token).
  const { announceSetupToken, listenHostFromArgv } = await import("@/lib/auth/setup-token");
  await announceSetupToken(
    handle.db,
    { listenHost: listenHostFromArgv(process.argv), publicUrl: env.FLEETWATCH_URL, port: env.PORT },
    logger,
  );
  // Acknowledged events into jobs, agents, transcripts, issues and rollups (lib/ingest/projector.ts): every
  // instance projects, each event once, in a worker thread of its own unless FLEETWATCH_PROJECTOR=inline.
  // Started even under test: the ingest route depends on it.
  const { kickProjector } = await import("@/lib/ingest/projector-loop");
  const threaded =
    env.FLEETWATCH_PROJECTOR === "thread" &&
    (await (
      await import("@/lib/ingest/projector-thread")
    ).startProjectorThread(handle, () => kickProjector(handle.db)));
  if (!threaded) kickProjector(handle.db);
  // the ingest front of scripts/server.mjs answers the webhook itself from now on
  (await import("@/lib/startup/ready")).markServerReady();
  if (env.NODE_ENV === "test") return;
  // Daily standup delivery to webhooks: one instance sends per project and day.
  (await import("@/lib/standups/loop")).startStandupLoop();
  // Budget crossings, recorded once per budget, period and level.
  (await import("@/lib/costs/watcher")).startBudgetWatcher(handle.db);
  // Alert notifications from the outbox: each row sent by one instance, retried with backoff.
  (await import("@/lib/delivery/loop")).startDeliveryLoop(handle.db);
  // Alert rules, incidents and escalations: one instance evaluates a project at a time (advisory lock).
  (await import("@/lib/alerts/loop")).startAlertLoop(env.FLEETWATCH_ALERT_EVALUATE_EVERY_SECONDS * 1000);
  // Rows of deleted projects, removed in short batches (lib/projects/purge.ts); every instance may help.
  (await import("@/lib/projects/purge-loop")).startProjectPurgeLoop();
  // Retention: old day partitions dropped, old jobs/issues/rollups deleted, days ahead made; one instance runs it.
  (await import("@/lib/retention/loop")).startRetentionLoop();
}
