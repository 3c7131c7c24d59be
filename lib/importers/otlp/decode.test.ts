import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "@/tests/helpers/fixtures-dir";
import {
  decodeRequest,
  normaliseLogs,
  normaliseMetrics,
  normaliseTraces,
  OtlpDecodeError,
  toId,
} from "./decode";
import { agentTrace, claudeLogsRequest, claudeMetricsRequest, toProtobuf } from "./otlp.test-helper";
import { decodeProtobufRequest, encodeProtobufResponse, encodeRpcStatus, root } from "./proto";

const fixture = (name: string) => readFileSync(`${FIXTURES_DIR}/otlp/example-${name}.json`);

describe("OTLP/JSON: the official examples", () => {
  it("reads example-trace.json: uppercase hex ids lowered, string nanos to dates, kind as a number", () => {
    const { data } = decodeRequest("traces", "json", fixture("trace"));
    const rs = data.resourceSpans[0];
    expect(rs?.resource).toEqual({ "service.name": "my.service" });
    expect(rs?.scopeSpans[0]?.scope).toEqual({ name: "my.library", version: "1.0.0" });
    expect(rs?.scopeSpans[0]?.items[0]).toMatchObject({
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      parentSpanId: "eee19b7ec3c1b173",
      name: "I'm a server span",
      kind: 2,
      start: new Date("2018-12-13T14:51:00.000Z"),
      end: new Date("2018-12-13T14:51:01.000Z"),
      attributes: { "my.span.attr": "some value" },
      status: { code: 0, message: null },
    });
  });

  it("reads example-logs.json: every AnyValue kind to plain values", () => {
    const { data } = decodeRequest("logs", "json", fixture("logs"));
    const record = data.resourceLogs[0]?.scopeLogs[0]?.items[0];
    expect(record).toMatchObject({
      time: new Date("2018-12-13T14:51:00.300Z"),
      timeUnixNano: "1544712660300000000",
      severityNumber: 10,
      severityText: "Information",
      body: "Example log record",
      traceId: "5b8efff798038103d269b633813fc60c",
      attributes: {
        "string.attribute": "some string",
        "boolean.attribute": true,
        "int.attribute": 10,
        "double.attribute": 637.704,
        "array.attribute": ["many", "values"],
        "map.attribute": { "some.map.key": "some value" },
      },
    });
  });

  it("reads example-metrics.json: sums and gauges with values, histograms counted without", () => {
    const { data } = decodeRequest("metrics", "json", fixture("metrics"));
    const metrics = data.resourceMetrics[0]?.scopeMetrics[0]?.items ?? [];
    expect(metrics.map((m) => [m.name, m.type, m.temporality, m.points.map((p) => p.value)])).toEqual([
      ["my.counter", "sum", 1, [5]],
      ["my.gauge", "gauge", 0, [10]],
      ["my.histogram", "histogram", 1, [null]],
      ["my.exponential.histogram", "exponentialHistogram", 1, [null]],
    ]);
  });
});

describe("leniency", () => {
  it("takes int64 as numbers or strings, enums as names, snake_case names, and ignores unknown fields", () => {
    const data = normaliseTraces({
      resource_spans: [
        {
          resource: { attributes: [{ key: "n", value: { int_value: 7 } }], unknown: 1 },
          scope_spans: [
            {
              spans: [
                {
                  trace_id: "5B8EFFF798038103D269B633813FC60C",
                  span_id: "eee19b7ec3c1b174",
                  name: "x",
                  kind: "SPAN_KIND_CLIENT",
                  start_time_unix_nano: 1544712660000000000,
                  end_time_unix_nano: "1544712661000000000",
                  status: { code: "STATUS_CODE_ERROR", message: "boom" },
                  attributes: [
                    { key: "big", value: { intValue: "9223372036854775807" } },
                    { key: "nan", value: { doubleValue: "NaN" } },
                    { key: "empty", value: {} },
                    { key: "bytes", value: { bytesValue: "AQI=" } },
                  ],
                  somethingNew: { nested: true },
                },
              ],
            },
          ],
        },
      ],
    });
    const span = data.resourceSpans[0]?.scopeSpans[0]?.items[0];
    expect(data.resourceSpans[0]?.resource).toEqual({ n: 7 });
    expect(span).toMatchObject({
      traceId: "5b8efff798038103d269b633813fc60c",
      kind: 3,
      start: new Date("2018-12-13T14:51:00.000Z"),
      end: new Date("2018-12-13T14:51:01.000Z"),
      status: { code: 2, message: "boom" },
      attributes: { big: "9223372036854775807", empty: null, bytes: "AQI=" },
    });
    expect(Number.isNaN(span?.attributes.nan)).toBe(true);
  });

  it("reads severity and temporality names", () => {
    const logs = normaliseLogs({
      resourceLogs: [
        { scopeLogs: [{ logRecords: [{ severityNumber: "SEVERITY_NUMBER_WARN", eventName: "e" }] }] },
      ],
    });
    expect(logs.resourceLogs[0]?.scopeLogs[0]?.items[0]).toMatchObject({
      severityNumber: 13,
      eventName: "e",
    });
    const metrics = normaliseMetrics({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [{ name: "m", sum: { aggregationTemporality: "AGGREGATION_TEMPORALITY_CUMULATIVE" } }],
            },
          ],
        },
      ],
    });
    expect(metrics.resourceMetrics[0]?.scopeMetrics[0]?.items[0]?.temporality).toBe(2);
  });

  it("reads ids as bytes, hex of either case or base64; all-zero ids are absent", () => {
    expect(toId(Buffer.from("5b8efff798038103d269b633813fc60c", "hex"), 16)).toBe(
      "5b8efff798038103d269b633813fc60c",
    );
    expect(toId("EEE19B7EC3C1B174", 8)).toBe("eee19b7ec3c1b174");
    expect(toId(Buffer.from("eee19b7ec3c1b174", "hex").toString("base64"), 8)).toBe("eee19b7ec3c1b174");
    expect(toId("0000000000000000", 8)).toBeNull();
    expect(toId("", 8)).toBeNull();
  });

  it("rejects bodies it cannot read", () => {
    const bad =
      (signal: "traces" | "logs", body: string | Uint8Array, encoding: "json" | "protobuf" = "json") =>
      () =>
        decodeRequest(signal, encoding, typeof body === "string" ? Buffer.from(body) : body);
    expect(bad("traces", "{nope")).toThrow(OtlpDecodeError);
    expect(bad("traces", '{"resourceSpans": "x"}')).toThrow(/resourceSpans must be an array/);
    expect(bad("logs", "[1]")).toThrow(/must be an object/);
    expect(bad("traces", new Uint8Array([0x0a, 0xff, 0xff]), "protobuf")).toThrow(/not a valid protobuf/);
    // an empty request is valid (and holds nothing)
    expect(decodeRequest("traces", "json", Buffer.from("{}")).data.resourceSpans).toEqual([]);
    expect(decodeRequest("traces", "protobuf", new Uint8Array()).data.resourceSpans).toEqual([]);
  });
});

describe("OTLP/protobuf", () => {
  it("decodes to the same structure as the JSON of the same request", () => {
    const cases = [
      ["traces", agentTrace("4bf92f3577b34da6a3ce929d0e0e4736", Date.UTC(2026, 0, 5, 10))],
      [
        "logs",
        claudeLogsRequest("s-1", [{ time: Date.UTC(2026, 0, 5), name: "user_prompt", attributes: {} }]),
      ],
      ["metrics", claudeMetricsRequest("s-1", Date.UTC(2026, 0, 5))],
    ] as const;
    for (const [signal, json] of cases) {
      const fromJson = decodeRequest(signal, "json", Buffer.from(JSON.stringify(json)));
      const fromProto = decodeRequest(signal, "protobuf", toProtobuf(signal, json));
      expect(fromProto).toEqual(fromJson);
    }
  });

  it("skips unknown fields", () => {
    // field 99 (varint 1) in the request, then resource_spans with an empty ResourceSpans
    const body = new Uint8Array([0x98, 0x06, 0x01, 0x0a, 0x00]);
    expect(decodeProtobufRequest("traces", body)).toEqual({ resourceSpans: [{}] });
  });

  it("encodes responses: empty on full success, partial success with the signal's field", () => {
    expect(encodeProtobufResponse("traces", null)).toHaveLength(0);
    const type = root.lookupType("ExportLogsServiceResponse");
    const bytes = encodeProtobufResponse("logs", { rejected: 2, errorMessage: "bad" });
    expect(type.toObject(type.decode(bytes), { longs: Number })).toEqual({
      partialSuccess: { rejectedLogRecords: 2, errorMessage: "bad" },
    });
    const status = root.lookupType("RpcStatus");
    expect(status.toObject(status.decode(encodeRpcStatus(16, "no key")))).toEqual({
      code: 16,
      message: "no key",
    });
  });
});
