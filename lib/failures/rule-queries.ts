// The classification rules of a project: list (with the built-in rules, read-only), create, update, delete,
// reorder, and preview a candidate rule against recent failures before saving or applying it.
import { and, asc, desc, eq, isNotNull, isNull, ne, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { failureRule, job } from "@/db/schema";
import { badRequest, notFound } from "@/lib/http/errors";
import { cachedSafe, patternProblem } from "@/lib/patterns/safe-regex";
import { classify } from "./classify";
import type { Preview, RuleBody, RulePatch, RuleView } from "./rule-schemas";
import { BUILTIN_RULES, MESSAGE_FLAGS, PRIORITY_STEP, type Rule, validateRule } from "./rules";
import type { FailureClass } from "./taxonomy";

type RuleRow = typeof failureRule.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Empty strings are no condition: stored as null. */
const blank = (v: string | null | undefined) => (typeof v === "string" && v.trim() !== "" ? v : null);

export function rowToRule(r: RuleRow): Rule {
  return {
    name: r.name,
    failureClass: r.failureClass as FailureClass,
    priority: r.priority,
    errorType: r.errorType,
    code: r.code,
    exitCode: r.exitCode,
    messagePattern: r.messagePattern,
    tool: r.tool,
    harness: r.harness,
    model: r.model,
    enabled: r.enabled,
  };
}

function view(r: RuleRow): RuleView {
  return {
    id: r.id,
    name: r.name,
    failure_class: r.failureClass,
    priority: r.priority,
    error_type: r.errorType,
    code: r.code,
    exit_code: r.exitCode,
    message_pattern: r.messagePattern,
    tool: r.tool,
    harness: r.harness,
    model: r.model,
    enabled: r.enabled,
    built_in: r.projectId === null || r.builtIn,
    // rules saved before patterns ran on RE2 may use lookahead or backreferences
    pattern_problem:
      r.messagePattern && !cachedSafe(r.messagePattern, MESSAGE_FLAGS)
        ? patternProblem(r.messagePattern, MESSAGE_FLAGS)
        : null,
  };
}

function builtinView(r: Rule, i: number): RuleView {
  return {
    id: `builtin:${i + 1}`,
    name: r.name,
    failure_class: r.failureClass,
    priority: r.priority,
    error_type: r.errorType ?? null,
    code: r.code ?? null,
    exit_code: r.exitCode ?? null,
    message_pattern: r.messagePattern ?? null,
    tool: r.tool ?? null,
    harness: r.harness ?? null,
    model: r.model ?? null,
    enabled: r.enabled !== false,
    built_in: true,
    pattern_problem: null,
  };
}

/** A request body as a Rule (for validation and classification). */
export function bodyToRule(body: RuleBody, priority: number): Rule {
  return {
    name: body.name.trim(),
    failureClass: body.failure_class,
    priority,
    errorType: blank(body.error_type),
    code: blank(body.code),
    exitCode: body.exit_code ?? null,
    messagePattern: blank(body.message_pattern),
    tool: blank(body.tool),
    harness: blank(body.harness),
    model: blank(body.model),
    enabled: body.enabled ?? true,
  };
}

function check(rule: Rule) {
  const problem = validateRule(rule);
  if (problem) throw badRequest(problem);
}

/** Rows in the order they are tried: priority, then name. */
const ordered = [asc(failureRule.priority), asc(failureRule.name)];

/** The project's rules (editable), then the shared ones: database rules without a project and the code's. */
export async function listRules({ db, projectId }: { db: DbOrTx; projectId: string }) {
  const rows = await db
    .select()
    .from(failureRule)
    .where(or(eq(failureRule.projectId, projectId), isNull(failureRule.projectId)))
    .orderBy(...ordered);
  const own = rows.filter((r) => r.projectId === projectId);
  const shared = rows.filter((r) => r.projectId === null);
  return {
    rules: own.map(view),
    builtins: [...shared.map(view), ...BUILTIN_RULES.map(builtinView)].sort(
      (a, b) => a.priority - b.priority,
    ),
  };
}

/**
 * The enabled rules that classify the project's failures (its own, shared database rules, built-ins), as
 * loadRules in issues.ts; `excludeId` leaves one saved rule out (the one a candidate replaces).
 */
export async function activeRules({
  db,
  projectId,
  excludeId,
}: {
  db: DbOrTx;
  projectId: string;
  excludeId?: string | null;
}): Promise<Rule[]> {
  const where = [
    or(eq(failureRule.projectId, projectId), isNull(failureRule.projectId)),
    eq(failureRule.enabled, true),
  ];
  if (excludeId && UUID.test(excludeId)) where.push(ne(failureRule.id, excludeId));
  const rows = await db
    .select()
    .from(failureRule)
    .where(and(...where));
  return [...rows.map(rowToRule), ...BUILTIN_RULES];
}

async function getOwnRule(db: DbOrTx, projectId: string, id: string): Promise<RuleRow> {
  if (!UUID.test(id)) throw notFound(`No rule "${id}" in this project (built-in rules are read-only).`);
  const [row] = await db
    .select()
    .from(failureRule)
    .where(and(eq(failureRule.id, id), eq(failureRule.projectId, projectId)));
  if (!row) throw notFound(`No rule "${id}" in this project (built-in rules are read-only).`);
  return row;
}

/** One of the project's own rules as the API shows it; 404 for a built-in or unknown id. */
export async function getRule({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  return view(await getOwnRule(db, projectId, id));
}

/** A rule as the audit log shows it: its conditions, class, order and state. */
export function ruleAuditEntry(
  action: "rule.create" | "rule.update" | "rule.delete",
  projectId: string,
  before: RuleView | null,
  after: RuleView | null,
) {
  const values = (r: RuleView | null) => {
    if (!r) return null;
    const { id: _id, built_in: _builtIn, pattern_problem: _problem, ...rest } = r;
    return rest;
  };
  const rule = (after ?? before) as RuleView;
  return {
    action,
    objectType: "failure_rule",
    objectId: rule.id,
    objectLabel: rule.name,
    projectId,
    before: values(before),
    after: values(after),
  };
}

/** Where a new rule goes by default: before every other rule, so it wins over the built-ins. */
async function firstPriority(db: DbOrTx, projectId: string): Promise<number> {
  const [top] = await db
    .select({ priority: failureRule.priority })
    .from(failureRule)
    .where(eq(failureRule.projectId, projectId))
    .orderBy(asc(failureRule.priority))
    .limit(1);
  return Math.min(top?.priority ?? PRIORITY_STEP, PRIORITY_STEP) - 1;
}

export async function createRule({
  db,
  projectId,
  body,
}: {
  db: DbOrTx;
  projectId: string;
  body: RuleBody;
}): Promise<RuleView> {
  const rule = bodyToRule(body, body.priority ?? (await firstPriority(db, projectId)));
  check(rule);
  const [row] = await db
    .insert(failureRule)
    .values({ projectId, ...ruleColumns(rule), builtIn: false })
    .returning();
  if (!row) throw new Error("rule insert returned nothing");
  return view(row);
}

function ruleColumns(rule: Rule) {
  return {
    name: rule.name,
    failureClass: rule.failureClass,
    priority: rule.priority,
    errorType: rule.errorType ?? null,
    code: rule.code ?? null,
    exitCode: rule.exitCode ?? null,
    messagePattern: rule.messagePattern ?? null,
    tool: rule.tool ?? null,
    harness: rule.harness ?? null,
    model: rule.model ?? null,
    enabled: rule.enabled !== false,
  };
}

/** Updates the given fields (`move` swaps the rule with its neighbour in the project's order). */
export async function updateRule({
  db,
  projectId,
  id,
  patch,
}: {
  db: DbOrTx;
  projectId: string;
  id: string;
  patch: RulePatch;
}): Promise<RuleView> {
  const row = await getOwnRule(db, projectId, id);
  if (patch.move) await moveRule(db, projectId, row, patch.move);
  const current = patch.move ? await getOwnRule(db, projectId, id) : row;
  const { move: _move, ...fields } = patch;
  if (Object.keys(fields).length === 0) return view(current);
  const merged: RuleBody = {
    name: fields.name ?? current.name,
    failure_class: fields.failure_class ?? (current.failureClass as FailureClass),
    error_type: "error_type" in fields ? fields.error_type : current.errorType,
    code: "code" in fields ? fields.code : current.code,
    exit_code: "exit_code" in fields ? fields.exit_code : current.exitCode,
    message_pattern: "message_pattern" in fields ? fields.message_pattern : current.messagePattern,
    tool: "tool" in fields ? fields.tool : current.tool,
    harness: "harness" in fields ? fields.harness : current.harness,
    model: "model" in fields ? fields.model : current.model,
    enabled: fields.enabled ?? current.enabled,
  };
  const rule = bodyToRule(merged, fields.priority ?? current.priority);
  check(rule);
  const [updated] = await db
    .update(failureRule)
    .set(ruleColumns(rule))
    .where(and(eq(failureRule.id, id), eq(failureRule.projectId, projectId)))
    .returning();
  if (!updated) throw notFound(`No rule "${id}" in this project.`);
  return view(updated);
}

/** Swap with the previous (up) or next (down) project rule; equal priorities are split by one. */
async function moveRule(db: DbOrTx, projectId: string, row: RuleRow, direction: "up" | "down") {
  const rows = await db
    .select()
    .from(failureRule)
    .where(eq(failureRule.projectId, projectId))
    .orderBy(...ordered);
  const i = rows.findIndex((r) => r.id === row.id);
  const other = rows[direction === "up" ? i - 1 : i + 1];
  if (i < 0 || !other) return;
  let [mine, theirs] = [other.priority, row.priority];
  if (mine === theirs) [mine, theirs] = direction === "up" ? [mine - 1, theirs] : [mine + 1, theirs];
  await db.update(failureRule).set({ priority: mine }).where(eq(failureRule.id, row.id));
  await db.update(failureRule).set({ priority: theirs }).where(eq(failureRule.id, other.id));
}

export async function deleteRule({ db, projectId, id }: { db: DbOrTx; projectId: string; id: string }) {
  await getOwnRule(db, projectId, id);
  await db.delete(failureRule).where(and(eq(failureRule.id, id), eq(failureRule.projectId, projectId)));
}

type JobError = { type?: string; message?: string; code?: string | number; exit_code?: number } | null;

/** A stored job's error as classify's input (the same fields ingest classifies on). */
export function failureInput(j: { error: unknown; harness: string | null; model: string | null }) {
  const raw = typeof j.error === "string" ? (JSON.parse(j.error) as JobError) : (j.error as JobError);
  return {
    message: raw?.message ?? "",
    type: raw?.type,
    code: raw?.code,
    exitCode: raw?.exit_code,
    harness: j.harness,
    model: j.model,
  };
}

/**
 * What a candidate rule would do to the project's most recent failed jobs: each is classified with the
 * candidate (replacing the saved rule `replacesId` when editing) and the other current rules, and compared
 * with the class it has now in the history (what saving the rule and applying it to history would change).
 */
export async function previewRule({
  db,
  projectId,
  rule,
  replacesId = null,
  limit = 2000,
}: {
  db: DbOrTx;
  projectId: string;
  rule: RuleBody;
  replacesId?: string | null;
  limit?: number;
}): Promise<Preview> {
  const candidate = {
    ...bodyToRule(rule, rule.priority ?? (await firstPriority(db, projectId))),
    enabled: true,
  };
  check(candidate);
  const withCandidate = [...(await activeRules({ db, projectId, excludeId: replacesId })), candidate];
  const jobs = await db
    .select({
      id: job.id,
      externalId: job.externalId,
      title: job.title,
      error: job.error,
      harness: job.harness,
      model: job.model,
      failureClass: job.failureClass,
    })
    .from(job)
    .where(and(eq(job.projectId, projectId), eq(job.status, "failed"), isNotNull(job.error)))
    .orderBy(desc(job.endedAt), desc(job.id))
    .limit(limit);
  let changed = 0;
  let matched = 0;
  const samples: Preview["samples"] = [];
  for (const j of jobs) {
    const input = failureInput(j);
    const after = classify(input, withCandidate);
    if (after.rule === candidate.name && after.failureClass === candidate.failureClass) matched += 1;
    const before = j.failureClass ?? "unknown";
    if (before === after.failureClass) continue;
    changed += 1;
    if (samples.length < 10)
      samples.push({
        job_id: j.id,
        external_id: j.externalId,
        title: j.title,
        message: input.message.slice(0, 500),
        from: before,
        to: after.failureClass,
      });
  }
  return { scanned: jobs.length, changed, matched, samples };
}
