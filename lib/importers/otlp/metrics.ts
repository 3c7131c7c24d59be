// OTLP metrics. Claude Code's claude_code.* metrics (cost.usage, token.usage, session.count, lines_of_code.count,
// commit.count, pull_request.count, active_time.total, code_edit_tool.decision) carry session.id. Their cost
// and tokens are the same facts as the claude_code.api_request log events, which carry them per request, so
// metrics never become job.usage (that would count them twice). Each request's points of one session are
// recorded instead as one job.log debug entry in that session's job: a readable summary plus the points
// (name, value, unit, temporality, attributes) in its data. Any session they mention implies its job.started.
// Other metrics, and points without session.id (OTEL_METRICS_INCLUDE_SESSION_ID=false), are acknowledged
// and ignored.
import type { Attributes, Metric, MetricPoint, MetricsData } from "./decode";
import { Sessions } from "./sessions";
import { eventId, hashOf, iso, Mapping } from "./util";

const TEMPORALITY = ["unspecified", "delta", "cumulative"];
const STANDARD = new Set([
  "session.id",
  "user.account_uuid",
  "user.id",
  "user.email",
  "organization.id",
  "app.version",
  "terminal.type",
]);

type Point = { metric: Metric; point: MetricPoint; index: number };

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function summary(points: Point[]): string {
  let cost = 0;
  const tokens = new Map<string, number>();
  const others = new Map<string, number>();
  let temporality = 0;
  for (const { metric, point } of points) {
    temporality ||= metric.temporality;
    const v = point.value ?? 0;
    if (metric.name === "claude_code.cost.usage") cost += v;
    else if (metric.name === "claude_code.token.usage") {
      const type = String(point.attributes.type ?? "tokens");
      tokens.set(type, (tokens.get(type) ?? 0) + v);
    } else {
      const name = metric.name.replace(/^claude_code\./, "");
      others.set(name, (others.get(name) ?? 0) + v);
    }
  }
  const parts: string[] = [];
  if (points.some((p) => p.metric.name === "claude_code.cost.usage")) parts.push(`cost $${round(cost)}`);
  if (tokens.size) parts.push(`tokens ${[...tokens].map(([t, n]) => `${t} ${round(n)}`).join(", ")}`);
  for (const [name, v] of others) parts.push(`${name} ${round(v)}`);
  return `Claude Code metrics (${TEMPORALITY[temporality] ?? "unspecified"}): ${parts.join("; ")}`;
}

export function mapMetrics(data: MetricsData, now: Date): Mapping {
  const mapping = new Mapping();
  const sessions = new Sessions();
  const bySession = new Map<string, Point[]>();
  let index = 0;
  for (const rm of data.resourceMetrics) {
    for (const sm of rm.scopeMetrics) {
      for (const metric of sm.items) {
        const points = metric.points.length ? metric.points : [null]; // a metric without points is one item
        for (const point of points) {
          const i = index++;
          if (!point || !metric.name.startsWith("claude_code.")) {
            mapping.ignore("metrics other than Claude Code's");
            continue;
          }
          const a: Attributes[] = [point.attributes, rm.resource];
          const time = point.time ?? now;
          const started = point.start && point.start < time ? point.start : time;
          const job = sessions.see("claude-code", a, started, i, {
            model: typeof point.attributes.model === "string" ? point.attributes.model : undefined,
          });
          if (!job) {
            mapping.ignore("Claude Code metric points without session.id", { warn: true });
            continue;
          }
          const list = bySession.get(job) ?? [];
          list.push({ metric, point, index: i });
          bySession.set(job, list);
        }
      }
    }
  }
  mapping.items = index;
  sessions.addStarts(mapping);

  for (const [job, points] of bySession) {
    const latest = points.reduce(
      (t, p) => (p.point.time && p.point.time > t ? p.point.time : t),
      new Date(0),
    );
    const recorded = points.map(({ metric, point }) => ({
      name: metric.name,
      value: point.value,
      ...(metric.unit ? { unit: metric.unit } : {}),
      temporality: TEMPORALITY[metric.temporality] ?? "unspecified",
      ...(point.start ? { start: iso(point.start) } : {}),
      ...(point.time ? { time: iso(point.time) } : {}),
      attributes: Object.fromEntries(Object.entries(point.attributes).filter(([k]) => !STANDARD.has(k))),
    }));
    mapping.add(points[0]?.index ?? 0, {
      id: eventId("claude-code", job, "metrics", hashOf(recorded)),
      type: "job.log",
      time: iso(latest.getTime() > 0 ? latest : now),
      job,
      data: { level: "debug", message: summary(points), metrics: recorded },
    });
  }
  return mapping;
}
