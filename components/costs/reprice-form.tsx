"use client";
import { History } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { repriceHistoryAction } from "@/lib/costs/actions";
import { formatNumber } from "@/lib/format";

/** Re-applies the current table to stored usage from a day on, in every project (reported costs stay). */
export function RepriceForm({ from }: { from: string }) {
  const router = useRouter();
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const day = String(new FormData(e.currentTarget).get("from") ?? "");
    setResult(null);
    startTransition(async () => {
      const r = await repriceHistoryAction({ from: day });
      if (!r.ok) return setError(r.error);
      setError(null);
      setResult(
        `Re-priced ${formatNumber(r.usageEvents)} usage event${r.usageEvents === 1 ? "" : "s"} in ${formatNumber(r.jobs)} job${r.jobs === 1 ? "" : "s"} from ${day}.`,
      );
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2 text-sm" data-testid="reprice-form">
      <label htmlFor="reprice-from" className="text-xs text-muted">
        Re-apply prices to usage from
      </label>
      <Input
        key={from}
        id="reprice-from"
        name="from"
        type="date"
        required
        defaultValue={from}
        className="max-w-44"
        data-testid="reprice-from"
      />
      <Button type="submit" variant="secondary" disabled={pending} data-testid="reprice">
        <History className="size-3.5" aria-hidden />
        {pending ? "Re-pricing…" : "Re-apply to history"}
      </Button>
      {result ? (
        <span className="text-xs text-emerald-700 dark:text-emerald-400" data-testid="reprice-result">
          {result}
        </span>
      ) : null}
      {error ? (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : null}
    </form>
  );
}
