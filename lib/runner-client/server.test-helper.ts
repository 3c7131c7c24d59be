// Test helper (not shipped): a real HTTP server on 127.0.0.1 that fails on cue, else behaves like the ingest route.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { ApiError } from "@/lib/http/errors";
import { parseEvent } from "@/lib/ingest/protocol";
import { verifySignature } from "@/lib/ingest/signature";

export type RecordedRequest = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as received (gzip when Content-Encoding says so). */
  wire: Buffer;
  /** The body after gunzip. */
  body: Buffer;
  /** The events of the envelope, when it parsed. */
  events: Array<Record<string, unknown>>;
  at: number;
};

export type Behaviour =
  | "reset" // destroy the socket without an answer
  | "hang" // never answer
  | { status: number; body?: unknown; headers?: Record<string, string> };

export type TestServer = {
  url: string;
  requests: RecordedRequest[];
  /** Ids stored by the default behaviour, in order. */
  stored: string[];
  /** The next requests get these behaviours, one each, then the default (ingest-like) one. */
  script: (...behaviours: Behaviour[]) => void;
  close: () => Promise<void>;
};

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export async function startTestServer(options: { signingSecret?: string } = {}): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const stored: string[] = [];
  const storedSet = new Set<string>();
  const queue: Behaviour[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const wire = Buffer.concat(chunks);
      let body = wire;
      try {
        if (req.headers["content-encoding"] === "gzip") body = gunzipSync(wire);
      } catch {
        body = Buffer.alloc(0);
      }
      let events: Array<Record<string, unknown>> = [];
      try {
        events =
          (JSON.parse(body.toString("utf8")) as { events: Array<Record<string, unknown>> }).events ?? [];
      } catch {
        // recorded as no events
      }
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        wire,
        body,
        events,
        at: Date.now(),
      });

      const behaviour = queue.shift();
      if (behaviour === "reset") {
        req.socket.destroy();
        return;
      }
      if (behaviour === "hang") return;
      if (behaviour) {
        json(res, behaviour.status, behaviour.body ?? {}, behaviour.headers);
        return;
      }

      if (!/^application\/json/.test(req.headers["content-type"] ?? "")) {
        return json(res, 415, { error: { code: "unsupported_media_type", message: "not JSON" } });
      }
      if (options.signingSecret) {
        try {
          const header = req.headers["fleetwatch-signature"];
          verifySignature(options.signingSecret, typeof header === "string" ? header : null, body);
        } catch (error) {
          if (error instanceof ApiError) {
            return json(res, error.status, { error: { code: error.code, message: error.message } });
          }
          throw error;
        }
      }
      const results = events.map((raw, index) => {
        const parsed = parseEvent(raw);
        const id = typeof raw?.id === "string" ? raw.id : null;
        if (!parsed.ok) return { index, id, status: "rejected" as const, error: parsed.error };
        if (storedSet.has(parsed.event.id)) return { index, id, status: "duplicate" as const };
        storedSet.add(parsed.event.id);
        stored.push(parsed.event.id);
        return { index, id, status: "accepted" as const };
      });
      const count = (s: string) => results.filter((r) => r.status === s).length;
      const rejected = count("rejected");
      const counts = { accepted: count("accepted"), duplicates: count("duplicate"), rejected };
      json(res, rejected > 0 ? 207 : 200, rejected > 0 ? { ...counts, results } : counts);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stored,
    script: (...behaviours) => {
      queue.push(...behaviours);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
