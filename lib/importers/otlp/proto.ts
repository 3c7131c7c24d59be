// The OTLP protobuf messages Fleetwatch reads and writes, defined by reflection (protobufjs) with only the
// fields it needs. Field numbers are opentelemetry-proto's (common, resource, trace, logs, metrics and the
// collector services); unknown fields are skipped by the decoder, as the OTLP spec asks.
import protobuf from "protobufjs";

const f = (type: string, id: number, rule?: "repeated") => (rule ? { type, id, rule } : { type, id });
const kv = (id: number) => f("KeyValue", id, "repeated");
const partialSuccess = (rejected: string) => ({
  fields: { [rejected]: f("int64", 1), errorMessage: f("string", 2) },
});

const descriptor = {
  nested: {
    // opentelemetry/proto/common/v1/common.proto
    AnyValue: {
      oneofs: {
        value: {
          oneof: [
            "stringValue",
            "boolValue",
            "intValue",
            "doubleValue",
            "arrayValue",
            "kvlistValue",
            "bytesValue",
          ],
        },
      },
      fields: {
        stringValue: f("string", 1),
        boolValue: f("bool", 2),
        intValue: f("int64", 3),
        doubleValue: f("double", 4),
        arrayValue: f("ArrayValue", 5),
        kvlistValue: f("KeyValueList", 6),
        bytesValue: f("bytes", 7),
      },
    },
    ArrayValue: { fields: { values: f("AnyValue", 1, "repeated") } },
    KeyValueList: { fields: { values: kv(1) } },
    KeyValue: { fields: { key: f("string", 1), value: f("AnyValue", 2) } },
    InstrumentationScope: {
      fields: { name: f("string", 1), version: f("string", 2), attributes: kv(3) },
    },
    // opentelemetry/proto/resource/v1/resource.proto
    Resource: { fields: { attributes: kv(1) } },
    // opentelemetry/proto/trace/v1/trace.proto
    ResourceSpans: {
      fields: {
        resource: f("Resource", 1),
        scopeSpans: f("ScopeSpans", 2, "repeated"),
        schemaUrl: f("string", 3),
      },
    },
    ScopeSpans: {
      fields: {
        scope: f("InstrumentationScope", 1),
        spans: f("Span", 2, "repeated"),
        schemaUrl: f("string", 3),
      },
    },
    Span: {
      fields: {
        traceId: f("bytes", 1),
        spanId: f("bytes", 2),
        parentSpanId: f("bytes", 4),
        name: f("string", 5),
        kind: f("int32", 6),
        startTimeUnixNano: f("fixed64", 7),
        endTimeUnixNano: f("fixed64", 8),
        attributes: kv(9),
        events: f("SpanEvent", 11, "repeated"),
        status: f("SpanStatus", 15),
      },
    },
    SpanEvent: { fields: { timeUnixNano: f("fixed64", 1), name: f("string", 2), attributes: kv(3) } },
    SpanStatus: { fields: { message: f("string", 2), code: f("int32", 3) } },
    // opentelemetry/proto/logs/v1/logs.proto
    ResourceLogs: {
      fields: {
        resource: f("Resource", 1),
        scopeLogs: f("ScopeLogs", 2, "repeated"),
        schemaUrl: f("string", 3),
      },
    },
    ScopeLogs: {
      fields: {
        scope: f("InstrumentationScope", 1),
        logRecords: f("LogRecord", 2, "repeated"),
        schemaUrl: f("string", 3),
      },
    },
    LogRecord: {
      fields: {
        timeUnixNano: f("fixed64", 1),
        severityNumber: f("int32", 2),
        severityText: f("string", 3),
        body: f("AnyValue", 5),
        attributes: kv(6),
        traceId: f("bytes", 9),
        spanId: f("bytes", 10),
        observedTimeUnixNano: f("fixed64", 11),
        eventName: f("string", 12),
      },
    },
    // opentelemetry/proto/metrics/v1/metrics.proto (histograms only as far as counting their points)
    ResourceMetrics: {
      fields: {
        resource: f("Resource", 1),
        scopeMetrics: f("ScopeMetrics", 2, "repeated"),
        schemaUrl: f("string", 3),
      },
    },
    ScopeMetrics: {
      fields: {
        scope: f("InstrumentationScope", 1),
        metrics: f("Metric", 2, "repeated"),
        schemaUrl: f("string", 3),
      },
    },
    Metric: {
      fields: {
        name: f("string", 1),
        description: f("string", 2),
        unit: f("string", 3),
        gauge: f("Gauge", 5),
        sum: f("Sum", 7),
        histogram: f("Histogram", 9),
        exponentialHistogram: f("Histogram", 10),
        summary: f("Histogram", 11),
      },
    },
    Gauge: { fields: { dataPoints: f("NumberDataPoint", 1, "repeated") } },
    Sum: {
      fields: {
        dataPoints: f("NumberDataPoint", 1, "repeated"),
        aggregationTemporality: f("int32", 2),
        isMonotonic: f("bool", 3),
      },
    },
    NumberDataPoint: {
      fields: {
        startTimeUnixNano: f("fixed64", 2),
        timeUnixNano: f("fixed64", 3),
        asDouble: f("double", 4),
        asInt: f("sfixed64", 6),
        attributes: kv(7),
      },
    },
    Histogram: {
      fields: { dataPoints: f("HistogramDataPoint", 1, "repeated"), aggregationTemporality: f("int32", 2) },
    },
    HistogramDataPoint: {
      fields: { startTimeUnixNano: f("fixed64", 2), timeUnixNano: f("fixed64", 3), count: f("fixed64", 4) },
    },
    // opentelemetry/proto/collector/{trace,logs,metrics}/v1/*_service.proto
    ExportTraceServiceRequest: { fields: { resourceSpans: f("ResourceSpans", 1, "repeated") } },
    ExportLogsServiceRequest: { fields: { resourceLogs: f("ResourceLogs", 1, "repeated") } },
    ExportMetricsServiceRequest: { fields: { resourceMetrics: f("ResourceMetrics", 1, "repeated") } },
    ExportTraceServiceResponse: { fields: { partialSuccess: f("ExportTracePartialSuccess", 1) } },
    ExportTracePartialSuccess: partialSuccess("rejectedSpans"),
    ExportLogsServiceResponse: { fields: { partialSuccess: f("ExportLogsPartialSuccess", 1) } },
    ExportLogsPartialSuccess: partialSuccess("rejectedLogRecords"),
    ExportMetricsServiceResponse: { fields: { partialSuccess: f("ExportMetricsPartialSuccess", 1) } },
    ExportMetricsPartialSuccess: partialSuccess("rejectedDataPoints"),
    // google/rpc/status.proto: the body of OTLP/HTTP error responses
    RpcStatus: { fields: { code: f("int32", 1), message: f("string", 2) } },
  },
};

export const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);

export type Signal = "traces" | "logs" | "metrics";

const REQUEST: Record<Signal, string> = {
  traces: "ExportTraceServiceRequest",
  logs: "ExportLogsServiceRequest",
  metrics: "ExportMetricsServiceRequest",
};
const RESPONSE: Record<Signal, string> = {
  traces: "ExportTraceServiceResponse",
  logs: "ExportLogsServiceResponse",
  metrics: "ExportMetricsServiceResponse",
};
/** The partial-success field counting what a signal's receiver rejected. */
export const REJECTED_FIELD: Record<Signal, string> = {
  traces: "rejectedSpans",
  logs: "rejectedLogRecords",
  metrics: "rejectedDataPoints",
};

/**
 * A binary Export*ServiceRequest as a plain object in OTLP/JSON's shape (lowerCamelCase names), except that
 * ids and bytes stay Uint8Array and 64-bit integers become decimal strings. Throws on malformed input.
 */
export function decodeProtobufRequest(signal: Signal, body: Uint8Array): unknown {
  const type = root.lookupType(REQUEST[signal]);
  return type.toObject(type.decode(body), { longs: String, enums: Number });
}

export function encodeProtobufResponse(
  signal: Signal,
  partial: { rejected: number; errorMessage: string } | null,
): Uint8Array {
  const type = root.lookupType(RESPONSE[signal]);
  const message = partial
    ? { partialSuccess: { [REJECTED_FIELD[signal]]: partial.rejected, errorMessage: partial.errorMessage } }
    : {};
  return type.encode(type.fromObject(message)).finish();
}

/** google.rpc.Status, the body OTLP/HTTP asks for on 4xx and 5xx responses to protobuf requests. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  const type = root.lookupType("RpcStatus");
  return type.encode(type.fromObject({ code, message })).finish();
}
