// "Rewrite as prose" against a fake OpenAI-compatible server (a real node:http endpoint): the request
// carries the model, the key and the standup's own facts; the answer comes back as is; failures are readable.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { DAY, loadFixtureDay, NEXT_MORNING } from "@/lib/standups/fixture.test-helper";
import { PROSE_INSTRUCTIONS, ProseError, rewriteAsProse } from "@/lib/standups/prose";
import { getStandup } from "@/lib/standups/queries";
import { createTestProject, openTestDb } from "../helpers/db";

type Seen = { path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> };

describe("standup as prose", () => {
  let handle: DbHandle;
  let server: Server;
  let base = "";
  const seen: Seen[] = [];
  let reply: { status: number; body: unknown } = { status: 200, body: {} };

  beforeAll(async () => {
    handle = await openTestDb();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        seen.push({
          path: req.url ?? "",
          headers: req.headers,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        });
        res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await handle.close();
  });

  it("sends the standup's facts and returns the model's prose", async () => {
    const p = await createTestProject(handle);
    await loadFixtureDay(handle.db, p.id);
    const { markdown } = await getStandup({
      db: handle.db,
      projectId: p.id,
      date: DAY,
      agent: "builder",
      now: NEXT_MORNING,
      baseUrl: null,
    });
    const prose =
      "Builder hit the out-of-memory issue again while deploying staging, and its database migration has stalled.";
    reply = { status: 200, body: { choices: [{ message: { role: "assistant", content: `${prose}\n` } }] } };
    const text = await rewriteAsProse({
      markdown,
      llm: { url: base, model: "qwen2.5-7b-instruct", apiKey: "sk-local" },
    });
    expect(text).toBe(prose);
    const [req] = seen;
    expect(req?.path).toBe("/v1/chat/completions");
    expect(req?.headers.authorization).toBe("Bearer sk-local");
    expect(req?.body.model).toBe("qwen2.5-7b-instruct");
    expect(req?.body.messages).toEqual([
      { role: "system", content: PROSE_INSTRUCTIONS },
      { role: "user", content: markdown },
    ]);
    // the facts it was given: builder's day, nothing else
    expect(markdown).toContain("## builder — 1 failed · 1 blocked");
    expect(markdown).toContain("Stalled: [Migrate database](/jobs/");
    expect(markdown).not.toContain("## scout");
  });

  it("says what went wrong when the endpoint fails or answers nonsense", async () => {
    const llm = { url: base, model: "m", apiKey: null };
    reply = { status: 503, body: { error: { message: "model is loading" } } };
    await expect(rewriteAsProse({ markdown: "# x", llm })).rejects.toThrow(
      /answered HTTP 503: \{"error":\{"message":"model is loading"\}\}/,
    );
    reply = { status: 200, body: { choices: [] } };
    await expect(rewriteAsProse({ markdown: "# x", llm })).rejects.toBeInstanceOf(ProseError);
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
    await expect(
      rewriteAsProse({ markdown: "# x", llm: { ...llm, url: "http://127.0.0.1:9/v1" } }),
    ).rejects.toThrow(/did not answer/);
  });
});
