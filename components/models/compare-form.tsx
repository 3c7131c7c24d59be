"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import type { ModelFacets } from "@/lib/models/schemas";

export type CompareState = { cmp: "model" | "harness"; a: string | null; b: string | null; match: string };

/** Pick two models (or harnesses / harness versions) and what "the same work" means; applied to the URL. */
export function CompareForm({
  value,
  facets,
  onApply,
}: {
  value: CompareState;
  facets: ModelFacets;
  onApply: (next: CompareState) => void;
}) {
  const [draft, setDraft] = useState(value);
  const options = draft.cmp === "model" ? facets.models : facets.harnesses;
  const pick = (side: "a" | "b", label: string) => (
    <Select
      aria-label={label}
      data-testid={`compare-${side}`}
      className="max-w-64"
      value={draft[side] ?? ""}
      onChange={(e) => setDraft((d) => ({ ...d, [side]: e.target.value || null }))}
    >
      <option value="">{label}…</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </Select>
  );
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      data-testid="compare-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.a && draft.b) onApply(draft);
      }}
    >
      <Select
        aria-label="Compare"
        data-testid="compare-dimension"
        className="max-w-40"
        value={draft.cmp}
        onChange={(e) => setDraft({ ...draft, cmp: e.target.value as CompareState["cmp"], a: null, b: null })}
      >
        <option value="model">Models</option>
        <option value="harness">Harnesses</option>
      </Select>
      {pick("a", "First")}
      <span className="text-xs text-muted">vs</span>
      {pick("b", "Second")}
      <Select
        aria-label="Same work"
        data-testid="compare-match"
        className="max-w-56"
        value={draft.match}
        onChange={(e) => setDraft({ ...draft, match: e.target.value })}
      >
        <option value="repo">on repos both worked on</option>
        {facets.label_keys.map((k) => (
          <option key={k} value={`label:${k}`}>
            on the same label {k}
          </option>
        ))}
        <option value="none">on any work</option>
      </Select>
      <Button
        type="submit"
        size="sm"
        disabled={!draft.a || !draft.b || draft.a === draft.b}
        data-testid="compare-go"
      >
        Compare
      </Button>
    </form>
  );
}
