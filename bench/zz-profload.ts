import { execSync } from "node:child_process";
import { sql } from "drizzle-orm";
import { createApiKey } from "@/lib/auth/api-keys";
import { ensureProject } from "@/lib/projects/queries";
import { HookFleet } from "/work/main/bench/lib/hook-fleet";
import { closedLoop, httpClient } from "/work/main/bench/lib/load";
import { benchDatabase, startServer } from "/work/main/bench/lib/server";

const bench = await benchDatabase("prof");
const project = await ensureProject({ db: bench.handle.db, slug: "p" });
const key = await createApiKey({ db: bench.handle.db, projectId: project.id, name: "k", scopes: ["ingest"] });
await bench.handle.db.execute(sql`update api_key set rate_limit_per_minute = 1000000000`);
const server = await startServer(bench.url);
const fleet = new HookFleet("pf", 500);
const client = httpClient(server.url, 8);
const headers = { authorization: `Bearer ${key.key}`, "content-type": "application/json" };
const fire = async () =>
  (await client.request("POST", "/api/v1/events", headers, fleet.next().body)).status === 200;
await closedLoop({ connections: 8, durationMs: 5000, fire });
const port = new URL(server.url).port;
const pid = execSync(`ss -ltnpH "sport = :${port}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`)
  .toString()
  .trim();
console.log("server pid", pid);
execSync(`kill -USR2 ${pid}`);
const r = await closedLoop({ connections: 8, durationMs: 15000, fire });
execSync(`kill -USR2 ${pid}`);
console.log("done", r.done / r.seconds, "req/s");
await new Promise((r) => setTimeout(r, 3000));
client.close();
server.stop();
await bench.stop?.();
process.exit(0);
