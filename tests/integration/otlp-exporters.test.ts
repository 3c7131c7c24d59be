// Real OpenTelemetry JS SDK exporters (http/json and http/protobuf, traces and logs) sending to a running HTTP
// server that forwards to the OTLP route handlers, against PostgreSQL.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ROOT_CONTEXT, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPLogExporter as OTLPLogExporterJson } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as OTLPLogExporterProto } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPTraceExporter as OTLPTraceExporterJson } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPTraceExporterProto } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postLogs } from "@/app/api/otlp/v1/logs/route";
import { POST as postMetrics } from "@/app/api/otlp/v1/metrics/route";
import { POST as postTraces } from "@/app/api/otlp/v1/traces/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { claudeSession } from "@/lib/importers/otlp/otlp.test-helper";
import { createTestProject } from "../helpers/db";
import { kinds, otlpReaders } from "../helpers/otlp";

const noParams = { params: Promise.resolve({}) };

let handle: DbHandle;
let projectId: string;
let ingestKey: string;

beforeAll(async () => {
  handle = await getDbHandle();
  projectId = (await createTestProject(handle)).id;
  ingestKey = (await createApiKey({ db: handle.db, projectId, name: "otel", scopes: ["ingest"] })).key;
});
afterAll(async () => {
  await handle.close();
});

const { jobRow, entries } = otlpReaders(() => ({ handle, projectId }));

// A running server: node:http forwarding each request to the route handlers, as `next start` would.
async function startServer(): Promise<{ server: Server; url: string; statuses: number[] }> {
  const statuses: number[] = [];
  const routes: Record<string, (r: Request, c: typeof noParams) => Promise<Response>> = {
    "/api/otlp/v1/traces": postTraces,
    "/api/otlp/v1/logs": postLogs,
    "/api/otlp/v1/metrics": postMetrics,
  };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ["host", "connection", "content-length", "transfer-encoding"].includes(name))
        continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routes[url.pathname];
    const response = route
      ? await route(new Request(url, { method: req.method, headers, body: Buffer.concat(chunks) }), noParams)
      : new Response("not found", { status: 404 });
    statuses.push(response.status);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
  const server = createServer((req, res) => {
    handler(req, res).catch((error) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, statuses };
}

describe("OpenTelemetry JS SDK exporters against a running server", () => {
  let server: Server;
  let url: string;
  let statuses: number[];
  beforeAll(async () => {
    ({ server, url, statuses } = await startServer());
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  const headers = () => ({ Authorization: `Bearer ${ingestKey}` });

  it.each([
    ["http/json", () => new OTLPTraceExporterJson({ url: `${url}/api/otlp/v1/traces`, headers: headers() })],
    [
      "http/protobuf",
      () => new OTLPTraceExporterProto({ url: `${url}/api/otlp/v1/traces`, headers: headers() }),
    ],
  ])("traces over %s: invoke_agent with chat and execute_tool children", async (_, exporter) => {
    const before = statuses.length;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ "service.name": "triage-bot", "service.version": "0.3.0" }),
      spanProcessors: [new SimpleSpanProcessor(exporter())],
    });
    const tracer = provider.getTracer("fleetwatch-test");
    const agent = tracer.startSpan("invoke_agent triage", {
      attributes: {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.agent.name": "triage",
        "gen_ai.provider.name": "anthropic",
        "gen_ai.request.model": "claude-sonnet-4-5",
      },
    });
    const inAgent = trace.setSpan(ROOT_CONTEXT, agent);
    const chat = tracer.startSpan(
      "chat claude-sonnet-4-5",
      {
        attributes: {
          "gen_ai.operation.name": "chat",
          "gen_ai.request.model": "claude-sonnet-4-5",
          "gen_ai.usage.input_tokens": 2500,
          "gen_ai.usage.output_tokens": 120,
          "gen_ai.usage.cache_read.input_tokens": 2000,
          "gen_ai.usage.cache_creation.input_tokens": 300,
        },
      },
      inAgent,
    );
    chat.end();
    const tool = tracer.startSpan(
      "execute_tool read_file",
      {
        attributes: {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": "read_file",
          "gen_ai.tool.call.id": "toolu_42",
          "gen_ai.tool.call.arguments": '{"path":"README.md"}',
        },
      },
      inAgent,
    );
    tool.setStatus({ code: SpanStatusCode.ERROR, message: "ENOENT: README.md" });
    tool.end();
    agent.setStatus({ code: SpanStatusCode.OK });
    agent.end();
    await provider.forceFlush();
    await provider.shutdown();

    expect(statuses.slice(before)).toEqual([200, 200, 200]); // one export per span
    const id = agent.spanContext().traceId;
    expect(await jobRow(id)).toMatchObject({
      status: "succeeded",
      agentName: "triage",
      harness: "triage-bot",
      harnessVersion: "0.3.0",
      model: "claude-sonnet-4-5",
      inputTokens: 200,
      outputTokens: 120,
      cacheReadTokens: 2000,
      cacheWriteTokens: 300,
    });
    const rows = await entries(id);
    expect(rows.find((r) => r.kind === "tool_call")).toMatchObject({
      callId: "toolu_42",
      tool: "read_file",
      content: { path: "README.md" },
    });
    expect(rows.find((r) => r.kind === "tool_result")).toMatchObject({
      callId: "toolu_42",
      isError: true,
      text: "ENOENT: README.md",
    });
  });

  it.each([
    ["http/json", () => new OTLPLogExporterJson({ url: `${url}/api/otlp/v1/logs`, headers: headers() })],
    [
      "http/protobuf (gzip)",
      () =>
        new OTLPLogExporterProto({
          url: `${url}/api/otlp/v1/logs`,
          headers: headers(),
          compression: "gzip",
        } as ConstructorParameters<typeof OTLPLogExporterProto>[0]),
    ],
  ])("Claude Code log events over %s", async (_, exporter) => {
    const before = statuses.length;
    const session = crypto.randomUUID();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ "service.name": "claude-code", "service.version": "2.1.0" }),
      processors: [new SimpleLogRecordProcessor({ exporter: exporter() })],
    });
    const logger = provider.getLogger("com.anthropic.claude_code.events", "2.1.0");
    const t0 = Date.now() - 10_000;
    for (const record of claudeSession(t0)) {
      logger.emit({
        timestamp: new Date(record.time),
        body: `claude_code.${record.name}`,
        attributes: {
          "session.id": session,
          "user.email": "bob@example.com",
          "app.version": "2.1.0",
          "event.name": record.name,
          "event.timestamp": new Date(record.time).toISOString(),
          ...(record.attributes as Record<string, string>),
        },
      });
    }
    await provider.forceFlush();
    await provider.shutdown();

    expect(statuses.slice(before).every((s) => s === 200)).toBe(true);
    expect(statuses.length - before).toBeGreaterThan(0);
    expect(await jobRow(session)).toMatchObject({
      status: "running",
      agentName: "bob@example.com",
      harness: "claude-code",
      inputTokens: 150,
      outputTokens: 540,
      cacheReadTokens: 32000,
      cacheWriteTokens: 2000,
      reportedCostUsd: "0.02000000",
      startedAt: new Date(t0),
    });
    // SimpleLogRecordProcessor sends each record in its own request, concurrently: a request may be
    // stored before the one holding the session's first event, so one to a few implied starts
    const { lifecycle, ...others } = kinds(await entries(session));
    expect(lifecycle).toBeGreaterThanOrEqual(1);
    expect(others).toEqual({
      message: 1,
      usage: 2,
      log: 2,
      tool_call: 1,
      tool_result: 1,
    });
  });
});
