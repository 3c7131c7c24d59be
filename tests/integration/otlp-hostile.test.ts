// Hostile values inside OTLP attributes (issue #12, point 4): lone surrogates, NUL, huge integers, AnyValue
// kvlists nested 10,000 deep, impossible timestamps. The receiver answers 200 (a partial success naming what it
// rejected), never 5xx, and stores the good spans and log records. Route handlers against real PostgreSQL.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postLogs } from "@/app/api/otlp/v1/logs/route";
import { POST as postTraces } from "@/app/api/otlp/v1/traces/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { job, transcriptEntry } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import {
  agentTrace,
  claudeLogsRequest,
  claudeSession,
  toProtobuf,
} from "@/lib/importers/otlp/otlp.test-helper";
import { DEPTH_MARKER } from "@/lib/ingest/sanitize";
import { createTestProject } from "../helpers/db";
import { projected } from "../helpers/projections";

let handle: DbHandle;
let projectId: string;
let key: string;
beforeAll(async () => {
  handle = await getDbHandle();
  projectId = (await createTestProject(handle)).id;
  key = (await createApiKey({ db: handle.db, projectId, name: "otel", scopes: ["ingest"] })).key;
});
afterAll(async () => {
  await handle.close();
});

const T0 = Date.now() - 3_600_000;
const traceId = () => crypto.randomUUID().replaceAll("-", "");
const ROUTES = { traces: postTraces, logs: postLogs };

function post(signal: "traces" | "logs", body: string | Uint8Array, type = "application/json") {
  return ROUTES[signal](
    new Request(`http://fleetwatch.test/api/otlp/v1/${signal}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": type },
      body: body as BodyInit,
    }),
    { params: Promise.resolve({}) },
  );
}
async function jobRow(externalId: string) {
  await projected(handle.db, projectId); // the receiver answers at the append; the projector folds after
  const [row] = await handle.db
    .select()
    .from(job)
    .where(and(eq(job.projectId, projectId), eq(job.externalId, externalId)));
  return row;
}
async function entries(externalId: string) {
  const row = await jobRow(externalId);
  if (!row) return [];
  return handle.db.select().from(transcriptEntry).where(eq(transcriptEntry.jobId, row.id));
}

type Attr = { key: string; value: Record<string, unknown> };
type SpanJson = { attributes: Attr[]; startTimeUnixNano: string; endTimeUnixNano: string };
const spansOf = (request: ReturnType<typeof agentTrace>) =>
  request.resourceSpans[0]?.scopeSpans[0]?.spans as unknown as SpanJson[];
/** An AnyValue kvlist nested `n` levels deep, as JSON text (built without recursion). */
const deepKvlist = (n: number) =>
  `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(n)}{"stringValue":"bottom"}${"}]}}".repeat(n)}`;

describe("hostile OTLP attributes", () => {
  it("answers 200 with a partial success for surrogates, NUL, huge ints, 10,000-deep kvlists and bad times", async () => {
    const good = traceId();
    const hostile = traceId();
    const badTime = traceId();
    const hostileRequest = agentTrace(hostile, T0);
    const [agent, chat, tool] = spansOf(hostileRequest);
    chat?.attributes.push(
      { key: "evil.nul", value: { stringValue: "a\u0000b" } },
      { key: "evil.lone", value: { stringValue: "x\ud800y" } },
      { key: "evil.deep", value: { stringValue: "__DEEP__" } },
    );
    // 10^20 input tokens (an int64 overflow as OTLP/JSON carries it, a decimal string): the usage is rejected.
    const tokens = chat?.attributes.find((a) => a.key === "gen_ai.usage.input_tokens");
    if (tokens) tokens.value = { intValue: "100000000000000000000" };
    // Tool arguments that are a JSON document nested 10,000 deep, with a lone surrogate inside.
    tool?.attributes.push({
      key: "gen_ai.tool.call.arguments",
      value: { stringValue: `["\ud800", ${"[".repeat(10_000)}"bottom"${"]".repeat(10_000)}]` },
    });
    agent?.attributes.push({ key: "gen_ai.agent.description", value: { stringValue: "lone \udc00" } });
    const badTimeRequest = agentTrace(badTime, T0);
    for (const span of spansOf(badTimeRequest)) {
      // 10^26 ns: past the year 275,760, no JavaScript Date; and an end in year 2262 (2^63 - 1 ns).
      span.startTimeUnixNano = "100000000000000000000000000";
      span.endTimeUnixNano = "9223372036854775807";
    }
    const body = {
      resourceSpans: [
        ...agentTrace(good, T0).resourceSpans,
        ...hostileRequest.resourceSpans,
        ...badTimeRequest.resourceSpans,
      ],
    };
    const text = JSON.stringify(body).replace('{"stringValue":"__DEEP__"}', deepKvlist(10_000));
    expect(text).toContain('"x\\ud800y"');

    const res = await post("traces", text);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { partialSuccess?: { rejectedSpans: number; errorMessage: string } };
    // 3 traces of 5 spans (4 GenAI, 1 HTTP): the hostile chat span (its usage) and the 4 GenAI spans of the
    // bad-time trace are rejected.
    expect(answer.partialSuccess?.rejectedSpans).toBe(5);
    expect(answer.partialSuccess?.errorMessage).toMatch(/^5 of 15 spans rejected; event .*: /);
    expect(answer.partialSuccess?.errorMessage).toContain("data.input_tokens: Too big");

    expect(await jobRow(good)).toMatchObject({ status: "succeeded", inputTokens: 1600, outputTokens: 120 });
    // Good: 1200 - 1000 cached + 1400 = 1600 input, 80 + 40 output. The hostile run is stored without the
    // rejected usage of its first chat: the second chat's 1400 input and 40 output remain.
    expect(await jobRow(hostile)).toMatchObject({ status: "succeeded", inputTokens: 1400, outputTokens: 40 });
    const call = (await entries(hostile)).find((e) => e.kind === "tool_call");
    expect(JSON.stringify(call?.content)).toContain(DEPTH_MARKER);
    expect(JSON.stringify(call?.content)).toContain('"\uFFFD"');
    expect(await jobRow(badTime)).toBeUndefined();
  });

  it("answers 200 for Claude Code log records with NUL in the session id, storing the other sessions", async () => {
    const goodSession = crypto.randomUUID();
    const body = {
      resourceLogs: [
        ...claudeLogsRequest(goodSession, claudeSession(T0)).resourceLogs,
        ...claudeLogsRequest(`bad\u0000${crypto.randomUUID()}`, claudeSession(T0)).resourceLogs,
        ...claudeLogsRequest(`lone\ud800${crypto.randomUUID()}`, claudeSession(T0)).resourceLogs,
      ],
    };
    for (const [type, payload] of [
      ["application/json", JSON.stringify(body)],
      ["application/x-protobuf", toProtobuf("logs", body)],
    ] as const) {
      const res = await post("logs", payload, type);
      expect(res.status).toBe(200);
    }
    expect(await jobRow(goodSession)).toMatchObject({ status: "running", inputTokens: 150 });
  });
});
