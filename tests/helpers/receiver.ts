// A webhook receiver on loopback that counts TCP connections as well as requests, on 127.0.0.1 and (when
// the machine has it) ::1, so a test can prove that a refused delivery never even connected.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type Got = {
  host: string | undefined;
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
};

async function listen(server: Server, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    server.once("error", () => resolve(null));
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function loopbackReceiver(
  reply: (req: Got) => { status: number; headers?: Record<string, string> },
) {
  const got: Got[] = [];
  let connections = 0;
  const make = () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const r = {
          host: req.headers.host,
          path: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        got.push(r);
        const answer = reply(r);
        res.writeHead(answer.status, answer.headers).end("ok");
      });
    });
    server.on("connection", () => {
      connections += 1;
    });
    return server;
  };
  const v4 = make();
  const v6 = make();
  const port = await listen(v4, "127.0.0.1");
  const port6 = await listen(v6, "::1");
  if (port === null) throw new Error("cannot listen on 127.0.0.1");
  return {
    got,
    port,
    /** null when this machine has no ::1. */
    port6,
    connections: () => connections,
    close: async () => {
      await new Promise<void>((r) => v4.close(() => r()));
      if (port6 !== null) await new Promise<void>((r) => v6.close(() => r()));
    },
  };
}
