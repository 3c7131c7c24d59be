"use client";
import { ArrowDown, ArrowUp } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ClassBadge } from "@/components/failures/class-badge";
import { BuiltinRules, conditions, RulePreview } from "@/components/failures/rule-tables";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/input";
import { send } from "@/lib/client/send";
import { type Draft, EMPTY_DRAFT as EMPTY, TEXT_FIELDS, toBody, toDraft } from "@/lib/failures/rule-draft";
import type { Preview, ReclassifyProgress, RuleView } from "@/lib/failures/rule-schemas";
import { FAILURE_CLASSES } from "@/lib/failures/taxonomy";

/** The server's answer, or a throw with its message (caught by `run`, shown next to the control). */
async function call<T>(path: string, method: "GET" | "POST" | "PATCH" | "DELETE", body?: object): Promise<T> {
  const sent = await send<T>(path, method, body);
  if (!sent.ok) throw new Error(sent.error);
  return sent.data;
}

export function RulesClient({
  rules,
  builtins,
  progress: initialProgress,
  canEdit,
}: {
  rules: RuleView[];
  builtins: RuleView[];
  progress: ReclassifyProgress;
  /** false for a viewer: the rules are shown, not edited (the server refuses anyway) */
  canEdit: boolean;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  /** Refusals of the list's own controls (toggle, move, delete, apply), shown above the list. */
  const [listError, setListError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [progress, setProgress] = useState(initialProgress);

  const run = async (fn: () => Promise<void>, show: (e: string | null) => void = setError) => {
    setBusy(true);
    try {
      await fn();
      show(null);
    } catch (e) {
      show((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const set = (key: keyof Draft, value: string | boolean) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setPreview(null);
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (draft.id) await call(`/api/v1/failure-rules/${draft.id}`, "PATCH", toBody(draft));
      else await call("/api/v1/failure-rules", "POST", toBody(draft));
      setDraft(EMPTY);
      setPreview(null);
      router.refresh();
    });
  };

  const test = () =>
    run(async () => {
      setPreview(
        await call<Preview>("/api/v1/failure-rules/preview", "POST", {
          ...toBody(draft),
          ...(draft.id ? { id: draft.id } : {}),
        }),
      );
    });

  const patch = (id: string, body: object) =>
    run(async () => {
      await call(`/api/v1/failure-rules/${id}`, "PATCH", body).finally(() => router.refresh());
    }, setListError);

  const remove = (id: string) =>
    run(async () => {
      await call(`/api/v1/failure-rules/${id}`, "DELETE").finally(() => router.refresh());
      if (draft.id === id) setDraft(EMPTY);
    }, setListError);

  const poll = useCallback(async () => {
    const p = await call<ReclassifyProgress>("/api/v1/failure-rules/apply", "GET");
    setProgress(p);
    return p;
  }, []);

  const apply = () =>
    run(async () => {
      setProgress(await call<ReclassifyProgress>("/api/v1/failure-rules/apply", "POST"));
    }, setListError);

  const running = progress.state === "running";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      void poll().then((p) => {
        if (p.state !== "running") router.refresh();
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [running, poll, router]);

  const pct = progress.total ? Math.round((progress.done / progress.total) * 100) : 100;

  return (
    <div className="space-y-6">
      <Card>
        <CardHeader
          title="Your rules"
          description="Tried in ascending priority; built-in rules use 10, 20, 30, ... New rules go first."
          actions={
            <div className="flex items-center gap-3">
              <span className="text-xs text-muted" data-testid="apply-progress" data-state={progress.state}>
                {progress.state === "idle"
                  ? "Never applied"
                  : progress.state === "running"
                    ? `Re-classifying: ${progress.done} of ${progress.total} (${pct}%)`
                    : progress.state === "done"
                      ? `Done: ${progress.done} failures re-classified, ${progress.changed} changed`
                      : `Failed: ${progress.error ?? "unknown error"}`}
              </span>
              {canEdit ? (
                <Button
                  size="sm"
                  onClick={() => void apply()}
                  disabled={busy || running}
                  data-testid="apply-rules"
                >
                  Apply to history
                </Button>
              ) : null}
            </div>
          }
        />
        {running ? (
          <div className="h-1 bg-subtle">
            <div className="h-1 bg-accent transition-all" style={{ width: `${pct}%` }} />
          </div>
        ) : null}
        <ActionError error={listError} testId="rules-list-error" className="px-5 pt-3 text-sm" />
        {rules.length === 0 ? (
          <p className="px-5 py-6 text-sm text-muted">
            No rule of your own yet: the built-in rules below apply.
          </p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="rules-table">
              <thead className="text-left text-xs text-muted">
                <tr>
                  <th className="px-4 py-2">Priority</th>
                  <th className="px-2 py-2">Name</th>
                  <th className="px-2 py-2">Class</th>
                  <th className="px-2 py-2">Conditions</th>
                  <th className="px-2 py-2">Enabled</th>
                  <th className="px-4 py-2" />
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {rules.map((r, i) => (
                  <tr key={r.id} data-testid="rule-row" className={r.enabled ? "" : "opacity-60"}>
                    <td className="px-4 py-1.5 tabular-nums">{r.priority}</td>
                    <td className="px-2 py-1.5 font-medium">{r.name}</td>
                    <td className="px-2 py-1.5">
                      <ClassBadge cls={r.failure_class} />
                    </td>
                    <td className="max-w-md truncate px-2 py-1.5 font-mono text-xs" title={conditions(r)}>
                      {conditions(r)}
                      {r.pattern_problem ? (
                        <span className="block font-sans text-red-600" data-testid="rule-pattern-problem">
                          Never matches: {r.pattern_problem}
                        </span>
                      ) : null}
                    </td>
                    <td className="px-2 py-1.5">
                      <input
                        type="checkbox"
                        aria-label={`Enable ${r.name}`}
                        data-testid="rule-toggle"
                        checked={r.enabled}
                        disabled={busy || !canEdit}
                        onChange={(e) => void patch(r.id, { enabled: e.target.checked })}
                      />
                    </td>
                    <td className="px-4 py-1.5">
                      {canEdit ? (
                        <div className="flex justify-end gap-1">
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label="Move up"
                            data-testid="rule-up"
                            disabled={busy || i === 0}
                            onClick={() => void patch(r.id, { move: "up" })}
                          >
                            <ArrowUp className="size-3.5" />
                          </Button>
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label="Move down"
                            data-testid="rule-down"
                            disabled={busy || i === rules.length - 1}
                            onClick={() => void patch(r.id, { move: "down" })}
                          >
                            <ArrowDown className="size-3.5" />
                          </Button>
                          <Button
                            size="sm"
                            variant="secondary"
                            data-testid="rule-edit"
                            onClick={() => {
                              setDraft(toDraft(r));
                              setPreview(null);
                            }}
                          >
                            Edit
                          </Button>
                          <Button
                            size="sm"
                            variant="danger"
                            data-testid="rule-delete"
                            disabled={busy}
                            onClick={() => void remove(r.id)}
                          >
                            Delete
                          </Button>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {canEdit ? (
        <Card>
          <CardHeader
            title={draft.id ? `Edit rule "${draft.name}"` : "New rule"}
            description="All given conditions must match (case-insensitive). The message pattern is a regular expression in RE2 syntax (no lookahead or backreferences)."
          />
          <form className="space-y-4 p-5" onSubmit={save} data-testid="rule-form">
            <div className="grid gap-4 md:grid-cols-3">
              <Field label="Name" htmlFor="rule-name">
                <Input
                  id="rule-name"
                  data-testid="rule-name"
                  required
                  value={draft.name}
                  onChange={(e) => set("name", e.target.value)}
                />
              </Field>
              <Field label="Class" htmlFor="rule-class">
                <Select
                  id="rule-class"
                  data-testid="rule-class"
                  className="w-full"
                  value={draft.failure_class}
                  onChange={(e) => set("failure_class", e.target.value)}
                >
                  {FAILURE_CLASSES.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Priority" htmlFor="rule-priority" hint="Empty: before every other rule">
                <Input
                  id="rule-priority"
                  data-testid="rule-priority"
                  type="number"
                  value={draft.priority}
                  onChange={(e) => set("priority", e.target.value)}
                />
              </Field>
            </div>
            <Field label="Message pattern" htmlFor="rule-pattern" hint="e.g. OOMKilled|out of memory">
              <Input
                id="rule-pattern"
                data-testid="rule-pattern"
                className="font-mono"
                value={draft.message_pattern}
                onChange={(e) => set("message_pattern", e.target.value)}
              />
            </Field>
            <div className="grid gap-4 md:grid-cols-3">
              {TEXT_FIELDS.map(([key, label, hint]) => (
                <Field key={key} label={label} htmlFor={`rule-${key}`} hint={hint}>
                  <Input
                    id={`rule-${key}`}
                    data-testid={`rule-${key.replace("_", "-")}`}
                    type={key === "exit_code" ? "number" : "text"}
                    value={draft[key]}
                    onChange={(e) => set(key, e.target.value)}
                  />
                </Field>
              ))}
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                data-testid="rule-enabled"
                checked={draft.enabled}
                onChange={(e) => set("enabled", e.target.checked)}
              />
              Enabled
            </label>
            {error ? (
              <p className="text-sm text-red-600" data-testid="rule-error">
                {error}
              </p>
            ) : null}
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={busy} data-testid="rule-save">
                {draft.id ? "Save rule" : "Add rule"}
              </Button>
              <Button variant="secondary" disabled={busy} onClick={() => void test()} data-testid="rule-test">
                Test
              </Button>
              {draft.id ? (
                <Button
                  variant="ghost"
                  onClick={() => {
                    setDraft(EMPTY);
                    setPreview(null);
                  }}
                >
                  Cancel
                </Button>
              ) : null}
            </div>
            {preview ? <RulePreview preview={preview} /> : null}
          </form>
        </Card>
      ) : null}

      <BuiltinRules builtins={builtins} />
    </div>
  );
}
