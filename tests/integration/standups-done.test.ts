// The Done section reads each agent's first succeeded jobs of the day by end time (one probe per agent of
// job_project_done_agent_idx): the first 15 in the order they ended, the rest counted; jobs without an agent
// ("(no agent)") and jobs that ended the day before or failed are told apart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/lib/ingest/ingest";
import { getStandupView } from "@/lib/standups/queries";
import { createTestProject, openTestDb } from "../helpers/db";

// The project's zone is UTC (createTestProject): the day is 2025-01-14T00:00Z to 2025-01-15T00:00Z.
const at = (h: number, m: number, day = 14) => new Date(Date.UTC(2025, 0, day, h, m)).toISOString();
const NOW = new Date("2025-01-15T09:00:00Z");

describe("standup Done lines", () => {
  let handle: DbHandle;
  let projectId: string;

  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    const completed = (job: string, time: string) => ({
      id: `${job}-c`,
      type: "job.completed",
      time,
      job,
      data: {},
    });
    const started = (job: string, agent: string, title: string, time: string) => ({
      id: `${job}-s`,
      type: "job.started",
      time,
      job,
      agent,
      data: { title, harness: "h" },
    });
    await ingestBatch({
      db: handle.db,
      projectId,
      apiKeyId: null,
      rawEvents: [
        // 18 jobs of "busy" that end at 10:17, 10:16, ... 10:00 (ingested latest first), all succeeded.
        ...Array.from({ length: 18 }, (_, i) => 17 - i).flatMap((i) => [
          started(`b${i}`, "busy", `Busy ${i}`, at(9, i)),
          completed(`b${i}`, at(10, i)),
        ]),
        // "calm": one job ended the day before, one failed, one succeeded at 23:59.
        started("c1", "calm", "Yesterday's", at(20, 0, 13)),
        completed("c1", at(21, 0, 13)),
        started("c2", "calm", "Broken", at(8, 0)),
        { id: "c2-f", type: "job.failed", time: at(8, 30), job: "c2", data: { error: { message: "boom" } } },
        started("c3", "calm", "Late one", at(23, 0)),
        completed("c3", at(23, 59)),
        // Two jobs known only from their completion: no agent.
        completed("n1", at(12, 0)),
        completed("n2", at(11, 0)),
      ],
    });
  });
  afterAll(async () => {
    await handle.close();
  });

  it("lists each agent's first 15 succeeded jobs of the day by end time, the jobs without an agent too", async () => {
    const { standup } = await getStandupView({ db: handle.db, projectId, date: "2025-01-14", now: NOW });
    const done = (agent: string) =>
      standup.agents
        .find((a) => a.agent === agent)
        ?.sections.find((s) => s.key === "done")
        ?.lines.map((l) => l.text);
    // busy: ended 10:00 (Busy 0) to 10:17 (Busy 17); the first 15 are Busy 0..14, then 3 more.
    expect(done("busy")).toEqual([
      ...Array.from({ length: 15 }, (_, i) => `Busy ${i}`),
      "and 3 more succeeded",
    ]);
    // calm: only the 23:59 job (c1 ended on the 13th, c2 failed).
    expect(done("calm")).toEqual(["Late one"]);
    // no agent: titled by their external ids, n2 (11:00) before n1 (12:00).
    expect(done("(no agent)")).toEqual(["n2", "n1"]);
  });
});
