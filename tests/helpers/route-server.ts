// A route handler behind a real HTTP server on localhost: Node's request in, the handler's Response out. For
// tests that run a command (curl, the import CLI) against the console's own route, on the test database.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type RouteServer = {
  url: string;
  /** Every request's path and Fleetwatch-Signature header, in order. */
  seen: { path: string; signature: string | undefined }[];
  close: () => Promise<void>;
};

export async function serveRoute(handler: Handler): Promise<RouteServer> {
  const seen: RouteServer["seen"] = [];
  let url = "";
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({ path: req.url ?? "", signature: req.headers["fleetwatch-signature"] as string | undefined });
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await handler(
      new Request(`${url}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }),
      { params: Promise.resolve({}) },
    );
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
