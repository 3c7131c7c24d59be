// What a rule kind's condition is evaluated with: the parsed rule, the clock, the project's settings, and the
// issue signals ingest left since the last tick.
import type { DbOrTx } from "@/db/client";
import type { AlertRuleInput } from "./rule-schemas";

export type EvalRule = AlertRuleInput & { id: string; projectId: string };

export type IssueSignal = {
  id: number;
  kind: "issue_new" | "issue_regressed" | "issue_event" | string;
  issueId: string;
  jobId: string | null;
  at: Date;
};

export type EvalContext = {
  db: DbOrTx;
  rule: EvalRule;
  now: Date;
  settings: { timezone: string; stallAfterSeconds: number; offlineAfterSeconds: number };
  signals: IssueSignal[];
};
