"use client";
import type { ReactNode } from "react";
import { Field, Input, Select } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/alerts/rule-draft";

type Params = Record<string, unknown>;

export function FieldError({ errors, path }: { errors: FieldErrors; path: string }) {
  const message = errors[path];
  return message ? (
    <p className="text-xs text-red-600 dark:text-red-400" data-testid={`error-${path}`}>
      {message}
    </p>
  ) : null;
}

/** A number input bound to params[key] (or a nested object's key), with its server error below. */
function NumberField(props: {
  label: string;
  id: string;
  value: unknown;
  onChange: (n: number) => void;
  errors: FieldErrors;
  path: string;
  step?: string;
  hint?: ReactNode;
}) {
  return (
    <Field label={props.label} htmlFor={props.id} hint={props.hint}>
      <Input
        id={props.id}
        type="number"
        step={props.step ?? "1"}
        data-testid={props.id}
        value={typeof props.value === "number" && !Number.isNaN(props.value) ? props.value : ""}
        onChange={(e) => props.onChange(e.target.value === "" ? Number.NaN : Number(e.target.value))}
      />
      <FieldError errors={props.errors} path={props.path} />
    </Field>
  );
}

/** The fields of one kind's params (thresholds, windows, baseline vs threshold). */
export function RuleParamsFields({
  kind,
  params,
  onChange,
  errors,
}: {
  kind: string;
  params: Params;
  onChange: (params: Params) => void;
  errors: FieldErrors;
}) {
  const set = (key: string, value: unknown) => onChange({ ...params, [key]: value });
  const num = (key: string, label: string, extra: { step?: string; hint?: ReactNode } = {}) => (
    <NumberField
      label={label}
      id={`param-${key}`}
      value={params[key]}
      onChange={(n) => set(key, n)}
      errors={errors}
      path={`params.${key}`}
      {...extra}
    />
  );
  switch (kind) {
    case "issue_count":
      return (
        <>
          {num("count", "Failures")}
          {num("windowMinutes", "Within (minutes)")}
        </>
      );
    case "rate": {
      const cmp = (params.comparison ?? {}) as Params;
      const setCmp = (patch: Params) => set("comparison", { ...cmp, ...patch });
      return (
        <>
          <Field label="Metric" htmlFor="param-metric">
            <Select
              className="w-full"
              id="param-metric"
              data-testid="param-metric"
              value={String(params.metric ?? "failure_rate")}
              onChange={(e) => set("metric", e.target.value)}
            >
              <option value="failure_rate">Failure rate</option>
              <option value="success_rate">Success rate</option>
            </Select>
          </Field>
          {num("windowMinutes", "Window (minutes)")}
          {num("minJobs", "At least (finished jobs)")}
          <Field label="Compared with" htmlFor="param-against">
            <Select
              className="w-full"
              id="param-against"
              data-testid="param-against"
              value={String(cmp.against ?? "threshold")}
              onChange={(e) =>
                set(
                  "comparison",
                  e.target.value === "baseline"
                    ? { against: "baseline", op: cmp.op ?? "above", factor: 1.5 }
                    : { against: "threshold", op: cmp.op ?? "above", value: 20 },
                )
              }
            >
              <option value="threshold">A fixed threshold</option>
              <option value="baseline">Its 7-day baseline</option>
            </Select>
          </Field>
          <Field label="Fire when" htmlFor="param-op">
            <Select
              className="w-full"
              id="param-op"
              data-testid="param-op"
              value={String(cmp.op ?? "above")}
              onChange={(e) => setCmp({ op: e.target.value })}
            >
              <option value="above">above</option>
              <option value="below">below</option>
            </Select>
          </Field>
          {cmp.against === "baseline" ? (
            <NumberField
              label="Factor of the baseline"
              id="param-factor"
              step="0.05"
              value={cmp.factor}
              onChange={(n) => setCmp({ factor: n })}
              errors={errors}
              path="params.comparison.factor"
              hint="1.5: 150% of the usual rate; 0.8: 80%"
            />
          ) : (
            <NumberField
              label="Threshold (%)"
              id="param-value"
              step="0.1"
              value={cmp.value}
              onChange={(n) => setCmp({ value: n })}
              errors={errors}
              path="params.comparison.value"
            />
          )}
        </>
      );
    }
    case "spend_budget":
      return (
        <Field label="Level" htmlFor="param-level">
          <Select
            className="w-full"
            id="param-level"
            data-testid="param-level"
            value={String(params.level ?? "warning")}
            onChange={(e) => set("level", e.target.value)}
          >
            <option value="warning">Warning threshold reached</option>
            <option value="exceeded">Budget exceeded</option>
          </Select>
        </Field>
      );
    case "spend_hourly":
      return num("usd", "Spend in the last hour above (USD)", { step: "0.01" });
    case "cost_per_success":
      return (
        <>
          {num("usd", "Cost per success above (USD)", { step: "0.01" })}
          {num("windowMinutes", "Window (minutes)")}
        </>
      );
    case "agent_quiet":
      return num("hours", "No finished job for (hours)", { step: "0.25" });
    case "job_duration":
      return (
        <>
          <Field label="Longer than" htmlFor="param-duration-against">
            <Select
              className="w-full"
              id="param-duration-against"
              data-testid="param-duration-against"
              value={String(params.against ?? "threshold")}
              onChange={(e) =>
                onChange(
                  e.target.value === "agent_p95"
                    ? { against: "agent_p95", minJobs: 20 }
                    : { against: "threshold", seconds: 3600 },
                )
              }
            >
              <option value="threshold">A fixed limit</option>
              <option value="agent_p95">Its agent's 7-day p95</option>
            </Select>
          </Field>
          {params.against === "agent_p95"
            ? num("minJobs", "Agent's jobs needed for a p95")
            : num("seconds", "Limit (seconds)")}
        </>
      );
    case "schedule_run": {
      const outcomes = Array.isArray(params.outcomes) ? (params.outcomes as string[]) : [];
      return (
        <>
          <Field label="Alert when a scheduled run is" htmlFor="param-outcomes">
            <Select
              className="w-full"
              id="param-outcomes"
              data-testid="param-outcomes"
              value={outcomes.length === 1 ? String(outcomes[0]) : "both"}
              onChange={(e) =>
                set("outcomes", e.target.value === "both" ? ["missed", "failed"] : [e.target.value])
              }
            >
              <option value="both">Missed or failed</option>
              <option value="missed">Missed</option>
              <option value="failed">Failed</option>
            </Select>
            <FieldError errors={errors} path="params.outcomes" />
          </Field>
          <Field label="Schedule (empty: every schedule)" htmlFor="param-schedule">
            <Input
              id="param-schedule"
              data-testid="param-schedule"
              value={typeof params.schedule === "string" ? params.schedule : ""}
              onChange={(e) => {
                const { schedule: _drop, ...rest } = params;
                onChange(e.target.value.trim() === "" ? rest : { ...rest, schedule: e.target.value });
              }}
            />
            <FieldError errors={errors} path="params.schedule" />
          </Field>
        </>
      );
    }
    default:
      return (
        <p className="self-end pb-2 text-xs text-muted sm:col-span-2">This kind has no threshold to set.</p>
      );
  }
}
