// The rule editor's draft: every kind's starting params are a valid rule, a draft becomes the API's body
// (empty filters dropped, one audience kept), and the API's 400 comes back as messages by field.
import { describe, expect, it } from "vitest";
import { ALERT_RULE_KINDS } from "@/db/schema/alerts";
import { draftFromRule, draftToBody, fieldErrors, newDraft } from "./rule-draft";
import { alertRuleInputSchema } from "./rule-schemas";

describe("rule draft", () => {
  it("starts every kind with params its schema accepts", () => {
    for (const kind of ALERT_RULE_KINDS) {
      const body = draftToBody({ ...newDraft(kind), name: `a ${kind} rule` });
      expect(alertRuleInputSchema.safeParse(body).success, kind).toBe(true);
    }
  });

  it("drops empty filters, keeps only the chosen audience, and turns minutes into seconds", () => {
    const d = newDraft("issue_new");
    const body = draftToBody({
      ...d,
      name: "  New issue  ",
      filters: { ...d.filters, agent: " builder-7 ", model: "  " },
      target: "policy",
      destinationIds: ["11111111-1111-4111-8111-111111111111"],
      escalationPolicyId: "22222222-2222-4222-8222-222222222222",
      resolveAfterMinutes: 2.5,
    });
    // 2.5 min = 150 s; the destinations are dropped because a policy was chosen
    expect(body).toMatchObject({
      name: "New issue",
      filters: { agent: "builder-7" },
      destinationIds: [],
      escalationPolicyId: "22222222-2222-4222-8222-222222222222",
      resolveAfterSeconds: 150,
    });
  });

  it("round-trips a stored rule", () => {
    const stored = {
      id: "33333333-3333-4333-8333-333333333333",
      name: "Slow",
      kind: "job_duration" as const,
      params: { against: "threshold", seconds: 600 },
      filters: { harness: "codex" },
      groupBy: "agent" as const,
      severity: "warning" as const,
      escalationPolicyId: null,
      destinationIds: ["11111111-1111-4111-8111-111111111111"],
      resolveAfterSeconds: 600,
      enabled: false,
      createdAt: "",
      updatedAt: "",
      lastEvaluatedAt: null,
    };
    const draft = draftFromRule(stored);
    expect(draft).toMatchObject({ target: "destinations", resolveAfterMinutes: 10, enabled: false });
    expect(draftToBody(draft)).toMatchObject({ filters: { harness: "codex" }, resolveAfterSeconds: 600 });
  });

  it("maps the API's issues to fields, and what fits no field to the form", () => {
    const errors = fieldErrors({
      message: "bad",
      details: [
        { path: ["params", "comparison", "value"], message: "Too big: expected number to be <=100" },
        { path: ["resolveAfterSeconds"], message: "Too big" },
      ],
    });
    expect(errors).toEqual({
      "params.comparison.value": "Too big: expected number to be <=100",
      resolveAfterMinutes: "Too big",
    });
    expect(fieldErrors({ message: "No destination x in this project" })).toEqual({
      "": "No destination x in this project",
    });
  });
});
