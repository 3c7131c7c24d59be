// A failure rule with a catastrophic-backtracking pattern, through the rules API's route handlers and ingest
// on real PostgreSQL: it is saved, previewed, applied to history and used by ingest without stalling the
// server (RE2 runs it in linear time); what RE2 cannot run is refused with a 400 that says why.
// Each step runs under a watchdog: with V8's RegExp, ^(a+)+$ against 40 a's and "!" takes 2^40 steps, the
// event loop stalls and no test timeout could fire; the watchdog kills the run instead.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as applyGet, POST as applyPost } from "@/app/api/v1/failure-rules/apply/route";
import { POST as previewPost } from "@/app/api/v1/failure-rules/preview/route";
import { GET as rulesGet, POST as rulesPost } from "@/app/api/v1/failure-rules/route";
import { type DbHandle, getDbHandle } from "@/db/client";
import { failureRule, job } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { currentReclassify } from "@/lib/failures/reclassify";
import {
  previewSchema,
  reclassifyProgressSchema,
  ruleListSchema,
  ruleViewSchema,
} from "@/lib/failures/rule-schemas";
import { ingestBatch } from "@/lib/ingest/ingest";
import { createTestProject } from "../helpers/db";
import { failingJob } from "../helpers/failures";
import { withinMs } from "../helpers/watchdog";

const ATTACK = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"; // 40 a's and "!"
const BUDGET_MS = 20_000; // generous for a shared machine; the RE2 path takes milliseconds

describe("failure rules with hostile patterns (postgres)", () => {
  let handle: DbHandle;
  let key: string;
  let projectId: string;
  beforeAll(async () => {
    handle = await getDbHandle();
  });
  const setUp = async () => {
    projectId = (await createTestProject(handle)).id;
    key = (await createApiKey({ db: handle.db, projectId, name: "t", scopes: ["read", "triage"] })).key;
  };
  const req = (path: string, method = "GET", body?: object) =>
    new Request(`http://x${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
  const ctx = { params: Promise.resolve({}) };
  const ingest = (events: object[]) =>
    ingestBatch({ db: handle.db, projectId, apiKeyId: null, rawEvents: events });
  const classes = async () =>
    (await handle.db.select().from(job).where(eq(job.projectId, projectId)))
      .map((j) => [j.title, j.failureClass])
      .sort();

  it("saves, previews and applies ^(a+)+$ over a failure of 40 a's and '!', and ingest uses it", async () => {
    await setUp();
    // Task A fails with the attack string, task B with "aaaa"; the built-in rules call both unknown.
    await ingest([...failingJob(ATTACK, 10), ...failingJob("aaaa", 20)]);
    const [a, b] = (await classes()).map(([title]) => title);
    expect(await classes()).toEqual([
      [a, "unknown"],
      [b, "unknown"],
    ]);
    const rule = { name: "all a", failure_class: "build_error", message_pattern: "^(a+)+$" };

    await withinMs(BUDGET_MS, "preview of ^(a+)+$", async () => {
      const res = await previewPost(req("/api/v1/failure-rules/preview", "POST", rule), ctx);
      expect(res.status).toBe(200);
      // ^(a+)+$ (multiline) matches a whole line of a's: "aaaa" yes, the attack string no (it ends in "!").
      // So of the 2 failures scanned, 1 is matched by the rule and changes class (unknown -> build_error).
      const preview = previewSchema.parse(await res.json());
      expect(preview).toMatchObject({ scanned: 2, matched: 1, changed: 1 });
      expect(preview.samples.map((s) => [s.message, s.from, s.to])).toEqual([
        ["aaaa", "unknown", "build_error"],
      ]);
    });

    const created = await rulesPost(req("/api/v1/failure-rules", "POST", rule), ctx);
    expect(created.status).toBe(201);
    expect(ruleViewSchema.parse(await created.json()).message_pattern).toBe("^(a+)+$");

    await withinMs(BUDGET_MS, "re-classification with ^(a+)+$", async () => {
      expect((await applyPost(req("/api/v1/failure-rules/apply", "POST"), ctx)).status).toBe(202);
      await currentReclassify(projectId);
    });
    const progress = reclassifyProgressSchema.parse(
      await (await applyGet(req("/api/v1/failure-rules/apply"), ctx)).json(),
    );
    // 2 jobs re-classified, 1 moved (the "aaaa" one)
    expect(progress).toMatchObject({ state: "done", done: 2, total: 2, changed: 1 });
    expect(await classes()).toEqual([
      [a, "unknown"],
      [b, "build_error"],
    ]);

    await withinMs(BUDGET_MS, "ingest of a failure with the rule active", async () => {
      const result = await ingest([...failingJob(ATTACK, 30), ...failingJob("aaaaaa", 40)]);
      expect(result).toMatchObject({ accepted: 4 });
    });
    const after = await classes();
    expect(after.map(([, c]) => c).sort()).toEqual(["build_error", "build_error", "unknown", "unknown"]);
  });

  it.each([
    ["(?=a)a+", 'a lookahead "(?="'],
    ["(a+)\\1", 'a backreference "\\1"'],
    ["a++$", 'a repeated repetition or possessive quantifier "++"'],
  ])("refuses %s with a 400 that says it uses %s, on save and on preview", async (pattern, what) => {
    await setUp();
    const rule = { name: "bad", failure_class: "infra", message_pattern: pattern };
    for (const path of ["/api/v1/failure-rules", "/api/v1/failure-rules/preview"]) {
      const res = await (path.endsWith("preview") ? previewPost : rulesPost)(req(path, "POST", rule), ctx);
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.message).toBe(
        `Invalid message pattern: pattern uses ${what}, which is not supported (RE2 syntax)`,
      );
    }
  });

  it("lists a rule saved before patterns ran on RE2 with why it never matches, and classifies around it", async () => {
    await setUp();
    // a JavaScript lookahead, stored directly as an older version accepted it
    await handle.db.insert(failureRule).values({
      projectId,
      name: "legacy",
      failureClass: "build_error",
      priority: 1,
      messagePattern: "OOMKilled(?! by test)",
    });
    const list = ruleListSchema.parse(await (await rulesGet(req("/api/v1/failure-rules"), ctx)).json());
    expect(list.rules.map((r) => [r.name, r.pattern_problem])).toEqual([
      ["legacy", 'pattern uses a lookahead "(?!", which is not supported (RE2 syntax)'],
    ]);
    expect(list.builtins.every((r) => r.pattern_problem === null)).toBe(true);
    // the legacy rule is skipped: the built-in out-of-memory rule classifies the failure as infra
    await ingest(failingJob("Killed: OOMKilled", 50));
    expect((await classes()).map(([, c]) => c)).toEqual(["infra"]);
  });
});
