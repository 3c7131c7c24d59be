// The Alerts page's reads against hand-built incidents: counts per status under filters, newest-first pages
// with a keyset cursor, one incident with its timeline and causes, and the Overview's firing list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as boardGet } from "@/app/api/v1/alerts/route";
import type { DbHandle } from "@/db/client";
import { alertRule, incident, incidentEvent } from "@/db/schema";
import {
  countIncidentsByStatus,
  firingIncidents,
  getIncident,
  listIncidents,
} from "@/lib/alerts/board-queries";
import { incidentsBoardSchema } from "@/lib/alerts/incident-schemas";
import { createApiKey } from "@/lib/auth/api-keys";
import { getAttention } from "@/lib/overview/attention";
import { createTestProject, openTestDb } from "../helpers/db";

const T0 = new Date("2026-12-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe("incident queries", () => {
  let handle: DbHandle;
  let projectId: string;
  let slug: string;
  let rateRule: string;
  let offlineRule: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    handle = await openTestDb();
    const p = await createTestProject(handle);
    projectId = p.id;
    slug = p.slug;
    const other = await createTestProject(handle);
    const rule = async (pid: string, name: string, kind: "rate" | "agent_offline") => {
      const [r] = await handle.db.insert(alertRule).values({ projectId: pid, name, kind }).returning();
      return r?.id ?? "";
    };
    rateRule = await rule(projectId, "Failure rate", "rate");
    offlineRule = await rule(projectId, "Agent offline", "agent_offline");
    const foreignRule = await rule(other.id, "Elsewhere", "rate");
    // six incidents here (opened at minutes 0..5), one in another project that must never show:
    //   name      rule     status        severity  muted
    //   a (0)     rate     firing        critical  no
    //   b (1)     offline  firing        warning   yes
    //   c (2)     offline  firing        error     no
    //   d (3)     rate     acknowledged  error     no
    //   e (4)     rate     resolved      warning   no
    //   f (5)     offline  resolved      warning   yes
    const rows = [
      ["a", rateRule, "firing", "critical", false],
      ["b", offlineRule, "firing", "warning", true],
      ["c", offlineRule, "firing", "error", false],
      ["d", rateRule, "acknowledged", "error", false],
      ["e", rateRule, "resolved", "warning", false],
      ["f", offlineRule, "resolved", "warning", true],
    ] as const;
    for (const [i, [name, ruleId, status, severity, muted]] of rows.entries()) {
      const [row] = await handle.db
        .insert(incident)
        .values({
          projectId,
          ruleId,
          groupKey: `agent:${name}`,
          status,
          severity,
          muted,
          title: `Incident ${name}`,
          openedAt: at(i),
          lastSeenAt: at(i + 10),
          matchCount: i + 1,
          context: { value: 42, threshold: 20, jobIds: ["not-a-uuid"], issueIds: [] },
        })
        .returning();
      ids[name] = row?.id ?? "";
    }
    await handle.db.insert(incident).values({
      projectId: other.id,
      ruleId: foreignRule,
      groupKey: "project",
      severity: "critical",
      title: "Not ours",
    });
    await handle.db.insert(incidentEvent).values([
      { incidentId: ids.d ?? "", at: at(3), type: "opened", actor: "system" },
      { incidentId: ids.d ?? "", at: at(7), type: "acknowledged", actor: "ops@fleet.test" },
      {
        incidentId: ids.d ?? "",
        at: at(5),
        type: "notified",
        actor: "system",
        detail: { destination: "ops" },
      },
    ]);
  });
  afterAll(async () => {
    await handle.close();
  });

  it("counts each status, under the filters", async () => {
    const db = handle.db;
    // all: firing a b c = 3, acknowledged d = 1, resolved e f = 2
    expect(await countIncidentsByStatus({ db, projectId })).toEqual({
      firing: 3,
      acknowledged: 1,
      resolved: 2,
    });
    // rate only: a | d | e
    expect(await countIncidentsByStatus({ db, projectId, filters: { rule: rateRule } })).toEqual({
      firing: 1,
      acknowledged: 1,
      resolved: 1,
    });
    // muted: b and f
    expect(await countIncidentsByStatus({ db, projectId, filters: { muted: true } })).toEqual({
      firing: 1,
      acknowledged: 0,
      resolved: 1,
    });
    // warning and not muted: e only
    expect(
      await countIncidentsByStatus({ db, projectId, filters: { severity: "warning", muted: false } }),
    ).toEqual({
      firing: 0,
      acknowledged: 0,
      resolved: 1,
    });
  });

  it("lists one status newest first, pages with a cursor, and never shows another project's", async () => {
    const db = handle.db;
    const first = await listIncidents({ db, projectId, filters: { status: "firing" }, limit: 2 });
    // firing opened at 2 (c), 1 (b), 0 (a): newest first, two per page
    expect(first.incidents.map((i) => i.title)).toEqual(["Incident c", "Incident b"]);
    expect(first.incidents[0]).toMatchObject({
      rule: { name: "Agent offline" },
      group_key: "agent:c",
      match_count: 3,
    });
    const second = await listIncidents({
      db,
      projectId,
      filters: { status: "firing", cursor: first.next_cursor ?? "" },
      limit: 2,
    });
    expect(second.incidents.map((i) => i.title)).toEqual(["Incident a"]);
    expect(second.next_cursor).toBeNull();
  });

  it("answers the board through GET /api/v1/alerts with counts and the tab's rows", async () => {
    const { key } = await createApiKey({ db: handle.db, projectId, name: "r", scopes: ["read"] });
    const res = await boardGet(
      new Request(`http://x/api/v1/alerts?project=${slug}&status=resolved&muted=false`, {
        headers: { authorization: `Bearer ${key}` },
      }),
      { params: Promise.resolve({}) },
    );
    const board = incidentsBoardSchema.parse(await res.json());
    // not muted: firing a c = 2, acknowledged d = 1, resolved e = 1
    expect(board.counts).toEqual({ firing: 2, acknowledged: 1, resolved: 1 });
    expect(board.incidents.map((i) => i.title)).toEqual(["Incident e"]);
    const bad = await boardGet(
      new Request(`http://x/api/v1/alerts?status=open&rule=x`, {
        headers: { authorization: `Bearer ${key}` },
      }),
      { params: Promise.resolve({}) },
    );
    expect(bad.status).toBe(400);
  });

  it("reads one incident with its timeline in time order; a malformed or foreign id is null", async () => {
    const detail = await getIncident({ db: handle.db, projectId, id: ids.d ?? "" });
    expect(detail?.timeline.map((e) => e.type)).toEqual(["opened", "notified", "acknowledged"]);
    expect(detail?.context).toMatchObject({ value: 42, threshold: 20 });
    expect(detail?.jobs).toEqual([]); // "not-a-uuid" is skipped, not an error
    expect(await getIncident({ db: handle.db, projectId, id: "nope" })).toBeNull();
    const other = await createTestProject(handle);
    expect(await getIncident({ db: handle.db, projectId: other.id, id: ids.d ?? "" })).toBeNull();
  });

  it("puts firing incidents first for the Overview: critical, then error, then warning", async () => {
    const firing = await firingIncidents({ db: handle.db, projectId, limit: 2 });
    expect(firing.total).toBe(3);
    expect(firing.items.map((i) => [i.title, i.severity])).toEqual([
      ["Incident a", "critical"],
      ["Incident c", "error"],
    ]);
    // the Overview's needs attention carries them (all three fit its limit): a, c, then the muted warning b
    const attention = await getAttention({ db: handle.db, projectId, now: at(30) });
    expect(attention.incidents.total).toBe(3);
    expect(attention.incidents.items.map((i) => [i.title, i.muted])).toEqual([
      ["Incident a", false],
      ["Incident c", false],
      ["Incident b", true],
    ]);
  });
});
