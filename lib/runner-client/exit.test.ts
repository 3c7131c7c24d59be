// The client in a real process: exit handlers flush, the timer does not keep the process alive.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./server.test-helper";
import { run } from "./spawn.test-helper";

const dir = mkdtempSync(path.join(tmpdir(), "fw-client-"));
const clientPath = path.resolve(import.meta.dirname, "client.ts");
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `import { FleetwatchClient } from ${JSON.stringify(clientPath)};\nconst url = process.env.URL as string;\n${body}\n`,
  );
  return file;
}

const tsx = (file: string, extra: Parameters<typeof run>[2] = {}) =>
  run(process.execPath, ["--import", "tsx", file], { ...extra, env: { URL: server.url, ...extra.env } });

describe("FleetwatchClient in a process", () => {
  it("does not keep the process alive with its timer", async () => {
    const file = script("idle.ts", `new FleetwatchClient({ url, key: "k", flushIntervalMs: 100 });`);
    const result = await tsx(file, { timeoutMs: 10_000 });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  });

  it("flushes on beforeExit when exitHandlers is set", async () => {
    const file = script(
      "natural.ts",
      `const c = new FleetwatchClient({ url, key: "k", flushIntervalMs: 60_000, exitHandlers: true });
c.send({ id: "at-exit", type: "job.log", job: "j", data: { level: "info", message: "bye" } });`,
    );
    const result = await tsx(file);
    expect(result.code).toBe(0);
    expect(server.stored).toEqual(["at-exit"]);
  });

  it("flushes on SIGTERM, then exits 143", async () => {
    const file = script(
      "sigterm.ts",
      `const c = new FleetwatchClient({ url, key: "k", flushIntervalMs: 60_000 });
c.installExitHandlers();
c.send({ id: "at-sigterm", type: "job.log", job: "j", data: { level: "info", message: "killed" } });
setInterval(() => {}, 1000);
process.stdout.write("ready\\n");`,
    );
    let sent = false;
    const result = await tsx(file, {
      onStdout: (out, kill) => {
        if (!sent && out.includes("ready")) {
          sent = true;
          kill("SIGTERM");
        }
      },
    });
    expect(result.code).toBe(143);
    expect(server.stored).toEqual(["at-sigterm"]);
  });
});
