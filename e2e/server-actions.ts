// Calls a server action the way the console's own pages do (POST to a page with a Next-Action header and the
// arguments as JSON), so tests can call actions whose forms a page does not show (a member's Settings), or
// call them with forged headers.
import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";

type Manifest = {
  node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
};

/** The build's id of the action `name` exported by `file`, and a page that serves it. */
export function findAction(file: string, name: string): { id: string; page: string } {
  const dist = path.resolve(import.meta.dirname, "..", process.env.NEXT_DIST_DIR ?? ".next");
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dist, "server", "server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  const found = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === name);
  const worker = found && Object.keys(found[1].workers)[0];
  if (!found || !worker) throw new Error(`no server action ${name} in ${file}`);
  // "app/(console)/settings/page" -> "/settings"
  const page = `/${worker
    .split("/")
    .slice(1, -1)
    .filter((s) => !s.startsWith("("))
    .join("/")}`;
  return { id: found[0], page };
}

export async function callAction(
  api: APIRequestContext,
  file: string,
  name: string,
  args: unknown[],
  headers: Record<string, string> = {},
) {
  const { id, page } = findAction(file, name);
  const res = await api.post(page, {
    headers: {
      "next-action": id,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      ...headers,
    },
    data: JSON.stringify(args),
  });
  return { status: res.status(), text: await res.text() };
}
