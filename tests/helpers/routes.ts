// The API's route modules, found on disk (so a route added later is covered by the tests that enumerate them),
// and a way to call a handler the way Next.js does.
import fs from "node:fs";
import path from "node:path";
import { TEST_ORIGIN } from "./users";

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type DiscoveredRoute = {
  /** e.g. app/api/v1/issues/[id]/triage/route.ts */
  file: string;
  /** e.g. /api/v1/issues/[id]/triage */
  pattern: string;
  method: string;
  handler: Handler;
};

const ROOT = path.resolve(import.meta.dirname, "../..");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return routeFiles(rel);
    return e.name === "route.ts" ? [rel] : [];
  });
}

/** Every exported handler of every route.ts under `dir` (relative to the repository). */
export async function discoverRoutes(dir: string): Promise<DiscoveredRoute[]> {
  const routes: DiscoveredRoute[] = [];
  for (const file of routeFiles(dir).sort()) {
    const mod = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    const pattern = file.replace(/^app/, "").replace(/\/route\.ts$/, "");
    for (const method of METHODS) {
      if (typeof mod[method] === "function") {
        routes.push({ file, pattern, method, handler: mod[method] as Handler });
      }
    }
  }
  return routes;
}

/** Calls a route as a same-origin browser request (the console's own pages) with `cookie`. */
export function callRoute(
  route: DiscoveredRoute,
  {
    cookie,
    params = {},
    query = "",
    body,
  }: { cookie: string; params?: Record<string, string>; query?: string; body?: unknown },
): Promise<Response> {
  const url = route.pattern.replace(/\[(\w+)\]/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ""),
  );
  return route.handler(
    new Request(`${TEST_ORIGIN}${url}${query}`, {
      method: route.method,
      headers: {
        host: new URL(TEST_ORIGIN).host,
        origin: TEST_ORIGIN,
        cookie,
        "content-type": "application/json",
      },
      body: route.method === "GET" || body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params) },
  );
}

/** Files with a "use server" directive under the given folders: the console's server actions. */
export function serverActionFiles(dirs: string[]): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) return e.name === "node_modules" ? [] : walk(rel);
      if (!/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name)) return [];
      const head = fs.readFileSync(path.join(ROOT, rel), "utf8").slice(0, 200);
      return /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(head) ? [rel] : [];
    });
  return dirs.flatMap(walk).sort();
}

export async function importFromRoot(file: string): Promise<Record<string, unknown>> {
  return (await import(path.join(ROOT, file))) as Record<string, unknown>;
}
