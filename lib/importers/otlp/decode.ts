// OTLP/JSON and OTLP/protobuf requests to one plain structure. Lenient as the OTLP spec asks: 64-bit integers
// as numbers or strings, trace and span ids as hex of either case (or bytes), enums as numbers or names,
// lowerCamelCase or original snake_case field names, unknown fields ignored. Attributes become a flat record
// of plain JS values.
import { DEPTH_MARKER, MAX_DATA_DEPTH } from "@/lib/ingest/sanitize";
import { decodeProtobufRequest, type Signal } from "./proto";
import { nanos, nanosToDate, toBigInt, toDouble, toEnum, toId, toInt } from "./values";

export { toId } from "./values";

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;
export type Scope = { name: string; version: string | null };

export type Span = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  start: Date | null;
  end: Date | null;
  attributes: Attributes;
  events: { time: Date | null; name: string; attributes: Attributes }[];
  /** StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string | null };
};
export type LogRecord = {
  time: Date | null;
  /** Nanoseconds since the epoch as a decimal string (time, else observed time), for stable ids. */
  timeUnixNano: string | null;
  severityNumber: number;
  severityText: string | null;
  eventName: string | null;
  body: AttrValue;
  attributes: Attributes;
  traceId: string | null;
  spanId: string | null;
};
export type MetricPoint = {
  start: Date | null;
  time: Date | null;
  timeUnixNano: string | null;
  /** as_double or as_int; histogram-like points carry null (only counted). */
  value: number | null;
  attributes: Attributes;
};
export type Metric = {
  name: string;
  unit: string | null;
  type: "gauge" | "sum" | "histogram" | "exponentialHistogram" | "summary" | "none";
  /** AggregationTemporality: 0 unspecified, 1 delta, 2 cumulative. */
  temporality: number;
  points: MetricPoint[];
};

type Resource<K extends string, T> = { resource: Attributes } & {
  [key in K]: { scope: Scope; items: T[] }[];
};
export type TracesData = { resourceSpans: Resource<"scopeSpans", Span>[] };
export type LogsData = { resourceLogs: Resource<"scopeLogs", LogRecord>[] };
export type MetricsData = { resourceMetrics: Resource<"scopeMetrics", Metric>[] };

export class OtlpDecodeError extends Error {}

type Obj = Record<string, unknown>;
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** A field by its lowerCamelCase name or its proto (snake_case) name. */
const get = (o: Obj, name: string): unknown => o[name] ?? o[snake(name)];

function obj(v: unknown, where: string): Obj {
  if (v === undefined || v === null) return {};
  if (typeof v === "object" && !Array.isArray(v) && !(v instanceof Uint8Array)) return v as Obj;
  throw new OtlpDecodeError(`${where} must be an object`);
}
function arr(v: unknown, where: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v;
  throw new OtlpDecodeError(`${where} must be an array`);
}
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

const SPAN_KINDS = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
const STATUS_CODES = ["UNSET", "OK", "ERROR"];
const TEMPORALITIES = ["UNSPECIFIED", "DELTA", "CUMULATIVE"];
const SEVERITY_NAMES = ["UNSPECIFIED"].concat(
  ...["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"].map((s) => [s, `${s}2`, `${s}3`, `${s}4`]),
);

/**
 * An AnyValue as a plain value. Arrays and kvlists nested deeper than MAX_DATA_DEPTH become DEPTH_MARKER: no
 * mapper after this (hashing, JSON, redaction) meets more depth than an ingest event may hold.
 */
export function anyValue(v: unknown, depth = 1): AttrValue {
  if (v === undefined || v === null || typeof v !== "object") return null;
  const o = v as Obj;
  if (get(o, "stringValue") !== undefined) return String(get(o, "stringValue"));
  if (get(o, "boolValue") !== undefined) {
    const b = get(o, "boolValue");
    return b === true || b === "true";
  }
  if (get(o, "intValue") !== undefined) return toInt(get(o, "intValue"));
  if (get(o, "doubleValue") !== undefined) return toDouble(get(o, "doubleValue"));
  if (get(o, "arrayValue") !== undefined) {
    if (depth > MAX_DATA_DEPTH) return DEPTH_MARKER;
    const values = arr(obj(get(o, "arrayValue"), "arrayValue").values, "arrayValue.values");
    return values.map((x) => anyValue(x, depth + 1));
  }
  if (get(o, "kvlistValue") !== undefined) {
    if (depth > MAX_DATA_DEPTH) return DEPTH_MARKER;
    return attributes(obj(get(o, "kvlistValue"), "kvlistValue").values, depth + 1);
  }
  const bytes = get(o, "bytesValue");
  if (bytes instanceof Uint8Array) return Buffer.from(bytes).toString("base64");
  if (typeof bytes === "string") return bytes; // OTLP/JSON carries bytes as base64 already
  return null;
}

/** Attributes (a list of KeyValue) as a record; `depth` is the level of their values. */
export function attributes(list: unknown, depth = 1): Attributes {
  const out: Attributes = {};
  for (const item of arr(list, "attributes")) {
    const kv = obj(item, "attribute");
    const key = str(kv.key);
    if (key !== null) out[key] = anyValue(kv.value, depth);
  }
  return out;
}

function scopeOf(v: unknown): Scope {
  const s = obj(v, "scope");
  return { name: str(s.name) ?? "", version: str(s.version) };
}
const resourceOf = (v: unknown) => attributes(obj(v, "resource").attributes);

function span(v: unknown): Span {
  const s = obj(v, "span");
  const status = obj(get(s, "status"), "span.status");
  return {
    traceId: toId(get(s, "traceId"), 16) ?? "",
    spanId: toId(get(s, "spanId"), 8) ?? "",
    parentSpanId: toId(get(s, "parentSpanId"), 8),
    name: str(s.name) ?? "",
    kind: toEnum(s.kind, SPAN_KINDS, "SPAN_KIND_"),
    start: nanosToDate(nanos(get(s, "startTimeUnixNano"))),
    end: nanosToDate(nanos(get(s, "endTimeUnixNano"))),
    attributes: attributes(s.attributes),
    events: arr(s.events, "span.events").map((e) => {
      const ev = obj(e, "span event");
      return {
        time: nanosToDate(nanos(get(ev, "timeUnixNano"))),
        name: str(ev.name) ?? "",
        attributes: attributes(ev.attributes),
      };
    }),
    status: { code: toEnum(status.code, STATUS_CODES, "STATUS_CODE_"), message: str(status.message) || null },
  };
}

function logRecord(v: unknown): LogRecord {
  const r = obj(v, "log record");
  const ns = nanos(get(r, "timeUnixNano")) ?? nanos(get(r, "observedTimeUnixNano"));
  return {
    time: nanosToDate(ns),
    timeUnixNano: ns?.toString() ?? null,
    severityNumber: toEnum(get(r, "severityNumber"), SEVERITY_NAMES, "SEVERITY_NUMBER_"),
    severityText: str(get(r, "severityText")) || null,
    eventName: str(get(r, "eventName")) || null,
    body: anyValue(r.body),
    attributes: attributes(r.attributes),
    traceId: toId(get(r, "traceId"), 16),
    spanId: toId(get(r, "spanId"), 8),
  };
}

const METRIC_TYPES = ["gauge", "sum", "histogram", "exponentialHistogram", "summary"] as const;

function metric(v: unknown): Metric {
  const m = obj(v, "metric");
  const type = METRIC_TYPES.find((t) => get(m, t) !== undefined && get(m, t) !== null) ?? "none";
  const data = type === "none" ? {} : obj(get(m, type), `metric.${type}`);
  const points = arr(get(data, "dataPoints"), "dataPoints").map((p): MetricPoint => {
    const d = obj(p, "data point");
    const ns = nanos(get(d, "timeUnixNano"));
    const asInt = get(d, "asInt");
    const value =
      type === "gauge" || type === "sum"
        ? asInt !== undefined && asInt !== null
          ? Number(toBigInt(asInt) ?? Number.NaN)
          : toDouble(get(d, "asDouble"))
        : null;
    return {
      start: nanosToDate(nanos(get(d, "startTimeUnixNano"))),
      time: nanosToDate(ns),
      timeUnixNano: ns?.toString() ?? null,
      value: value !== null && Number.isFinite(value) ? value : null,
      attributes: attributes(d.attributes),
    };
  });
  return {
    name: str(m.name) ?? "",
    unit: str(m.unit) || null,
    type,
    temporality: toEnum(get(data, "aggregationTemporality"), TEMPORALITIES, "AGGREGATION_TEMPORALITY_"),
    points,
  };
}

function normalise<K extends string, T>(
  raw: unknown,
  top: string,
  scopes: K,
  items: string,
  item: (v: unknown) => T,
): Resource<K, T>[] {
  return arr(get(obj(raw, "the body"), top), top).map((r) => {
    const res = obj(r, top);
    const scoped = arr(get(res, scopes), scopes).map((s) => {
      const sc = obj(s, scopes);
      return { scope: scopeOf(sc.scope), items: arr(get(sc, items), items).map(item) };
    });
    return { resource: resourceOf(res.resource), [scopes]: scoped } as Resource<K, T>;
  });
}

export const normaliseTraces = (raw: unknown): TracesData => ({
  resourceSpans: normalise(raw, "resourceSpans", "scopeSpans", "spans", span),
});
export const normaliseLogs = (raw: unknown): LogsData => ({
  resourceLogs: normalise(raw, "resourceLogs", "scopeLogs", "logRecords", logRecord),
});
export const normaliseMetrics = (raw: unknown): MetricsData => ({
  resourceMetrics: normalise(raw, "resourceMetrics", "scopeMetrics", "metrics", metric),
});

export type Encoding = "json" | "protobuf";

type DataOf = { traces: TracesData; logs: LogsData; metrics: MetricsData };
const NORMALISE: { [S in Signal]: (raw: unknown) => DataOf[S] } = {
  traces: normaliseTraces,
  logs: normaliseLogs,
  metrics: normaliseMetrics,
};
const MESSAGE: Record<Signal, string> = {
  traces: "ExportTraceServiceRequest",
  logs: "ExportLogsServiceRequest",
  metrics: "ExportMetricsServiceRequest",
};

/** The raw body of an export request to its signal's plain structure; OtlpDecodeError when it cannot be read. */
export function decodeRequest<S extends Signal>(
  signal: S,
  encoding: Encoding,
  body: Uint8Array,
): { signal: S; data: DataOf[S] } {
  let raw: unknown;
  try {
    raw =
      encoding === "json"
        ? JSON.parse(Buffer.from(body).toString("utf8"))
        : decodeProtobufRequest(signal, body);
  } catch (error) {
    throw new OtlpDecodeError(
      encoding === "json"
        ? "The body is not valid JSON."
        : `The body is not a valid protobuf ${MESSAGE[signal]}: ${(error as Error).message}`,
    );
  }
  return { signal, data: NORMALISE[signal](raw) };
}
