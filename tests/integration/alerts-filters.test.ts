// A rule's filters (label in both stored shapes, harness) and groupBy on real jobs, and the escalation schedule
// across repeats.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { escalationStepsSchema, nextEscalationAt, stepRecipients } from "@/lib/alerts/escalation";
import { evaluateAlerts } from "@/lib/alerts/evaluate";
import { addJob, addRule, incidentsOf, MIN } from "../helpers/alerts";
import { createTestProject, openTestDb } from "../helpers/db";

const T = new Date("2026-12-04T12:30:00Z");
const at = (ms: number) => new Date(T.getTime() + ms);

describe("rule filters, grouping and the escalation schedule", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openTestDb();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("counts only jobs passing every filter, one incident per agent", async () => {
    const projectId = (await createTestProject(handle)).id;
    await addRule(handle.db, projectId, {
      kind: "rate",
      params: {
        metric: "failure_rate",
        windowMinutes: 60,
        minJobs: 2,
        comparison: { against: "threshold", op: "above", value: 50 },
      },
      filters: { label: "team=core", harness: "codex" },
      groupBy: "agent",
    });
    const job = (agent: string, status: "failed" | "succeeded", labels: unknown, harness = "codex") =>
      addJob(handle.db, projectId, {
        agent,
        status,
        harness,
        labels: labels as Record<string, string>,
        startedAt: at(-20 * MIN),
        endedAt: at(-10 * MIN),
      });
    const core = { team: "core" };
    await job("a", "failed", core);
    await job("a", "failed", core); // a: 2/2 = 100% > 50%: fires
    await job("b", "failed", core);
    await job("b", "succeeded", core); // b: 1/2 = 50%, not above 50%
    await job("c", "failed", { team: "other" });
    await job("c", "failed", { team: "other" }); // c: another team, filtered out
    await job("d", "failed", core, "claude-code");
    await job("d", "failed", core, "claude-code"); // d: another harness, filtered out
    await job("e", "failed", ["team=core"]);
    await job("e", "failed", ["team=core"]); // e: labels stored as a list of "key=value": 100%, fires
    await evaluateAlerts(handle.db, T, { projectIds: [projectId] });
    const rows = await incidentsOf(handle.db, projectId);
    expect(rows.map((r) => [r.groupKey, (r.context as { failed: number }).failed]).sort()).toEqual([
      ["agent:a", 2],
      ["agent:e", 2],
    ]);
  });

  it("escalates through the steps, restarts `repeat` times (a restart waits at least a minute), then stops", () => {
    const steps = escalationStepsSchema.parse([
      { afterMinutes: 0, destinationIds: ["6f1c1d2e-8a53-4c7e-9a57-0d6b3f1f0a11"] },
      { afterMinutes: 10, memberIds: ["u-oncall"] },
    ]);
    const policy = { id: "p", steps, repeat: 1 };
    const t = new Date("2026-12-04T12:00:00Z");
    const plus = (m: number) => new Date(t.getTime() + m * MIN).toISOString();
    // 2 steps × (1 + 1 repeat) = 4 sends: k = 0, 1, 2, 3
    expect(nextEscalationAt(policy, 0, t)?.toISOString()).toBe(plus(10)); // step 1 after its 10 min
    expect(nextEscalationAt(policy, 1, t)?.toISOString()).toBe(plus(1)); // restart: step 0's 0 min → 1 min
    expect(nextEscalationAt(policy, 2, t)?.toISOString()).toBe(plus(10));
    expect(nextEscalationAt(policy, 3, t)).toBeNull();
    expect(stepRecipients(policy, 3)).toEqual({ destinationIds: [], memberIds: ["u-oncall"] });
    expect(escalationStepsSchema.safeParse([{ afterMinutes: 5 }]).success).toBe(false); // nobody to notify
  });
});
