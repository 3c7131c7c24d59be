import { describe, expect, it } from "vitest";
import { formatMetrics } from "./format";

describe("formatMetrics", () => {
  it("writes HELP, TYPE and samples with escaped label values", () => {
    const text = formatMetrics([
      {
        name: "fleetwatch_jobs_in_progress",
        help: "Jobs queued or running now.",
        type: "gauge",
        samples: [
          { labels: { project: "prod", status: "running" }, value: 3 },
          { labels: { project: 'a"b\\c\nd', status: "queued" }, value: 0 },
        ],
      },
      { name: "fleetwatch_x_total", help: "x", type: "counter", samples: [{ labels: {}, value: 1.25 }] },
    ]);
    expect(text).toBe(
      [
        "# HELP fleetwatch_jobs_in_progress Jobs queued or running now.",
        "# TYPE fleetwatch_jobs_in_progress gauge",
        'fleetwatch_jobs_in_progress{project="prod",status="running"} 3',
        'fleetwatch_jobs_in_progress{project="a\\"b\\\\c\\nd",status="queued"} 0',
        "# HELP fleetwatch_x_total x",
        "# TYPE fleetwatch_x_total counter",
        "fleetwatch_x_total 1.25",
        "",
      ].join("\n"),
    );
  });
});
