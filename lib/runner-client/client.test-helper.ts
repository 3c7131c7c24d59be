// Test helper (not shipped): a fresh test server per test, and clients against it that record their errors and
// the delays they ask for (without waiting them).
import { afterEach, beforeEach } from "vitest";
import { FleetwatchClient } from "./client";
import { startTestServer, type TestServer } from "./server.test-helper";
import type { ClientEvent, FleetwatchClientOptions, FleetwatchError } from "./types";

export function clientHarness() {
  let server: TestServer | null = null;
  let clients: FleetwatchClient[] = [];
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
    await server?.close();
  });
  const harness = {
    get server(): TestServer {
      if (!server) throw new Error("no test server outside a test");
      return server;
    },
    track(client: FleetwatchClient): FleetwatchClient {
      clients.push(client);
      return client;
    },
    makeClient(options: Partial<FleetwatchClientOptions> & { maxBodyBytes?: number } = {}, srv?: TestServer) {
      const errors: FleetwatchError[] = [];
      const delays: number[] = [];
      const client = new FleetwatchClient({
        url: (srv ?? harness.server).url,
        key: "fwk_test",
        flushIntervalMs: 0,
        random: () => 0.5,
        sleep: async (ms) => {
          delays.push(ms);
        },
        onError: (e) => errors.push(e),
        ...options,
      });
      clients.push(client);
      return { client, errors, delays };
    },
  };
  return harness;
}

export const log = (i: number, extra: Partial<ClientEvent> = {}): ClientEvent =>
  ({ type: "job.log", job: "job-1", data: { level: "info", message: `line ${i}` }, ...extra }) as ClientEvent;

export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
