"use client";
import { Copy, Pencil, Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { PriceView } from "./price-form";

const usd = (v: number | null) => (v == null ? <span className="text-muted">—</span> : `$${v}`);

/** Every price row, by provider and model, newest first; admins edit, copy to a new date or delete. */
export function PricesTable({
  prices,
  isAdmin,
  onEdit,
  onNewPrice,
  onDelete,
}: {
  prices: PriceView[];
  isAdmin: boolean;
  onEdit: (p: PriceView) => void;
  onNewPrice: (p: PriceView) => void;
  onDelete: (p: PriceView) => void;
}) {
  const [q, setQ] = useState("");
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return needle
      ? prices.filter(
          (p) => p.model.toLowerCase().includes(needle) || p.provider.toLowerCase().includes(needle),
        )
      : prices;
  }, [prices, q]);
  return (
    <>
      <div className="border-b border-border px-5 py-3">
        <Input
          type="search"
          placeholder="Filter by model or provider…"
          aria-label="Filter prices"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          className="max-w-xs"
          data-testid="prices-filter"
        />
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="prices-table">
          <thead className="text-left text-xs text-muted">
            <tr className="border-b border-border">
              <th className="px-4 py-2 font-medium">Model</th>
              <th className="px-2 py-2 font-medium">Provider</th>
              <th className="px-2 py-2 text-right font-medium">Input</th>
              <th className="px-2 py-2 text-right font-medium">Output</th>
              <th className="px-2 py-2 text-right font-medium">Cache read</th>
              <th className="px-2 py-2 text-right font-medium">Write 5m</th>
              <th className="px-2 py-2 text-right font-medium">Write 1h</th>
              <th className="px-2 py-2 font-medium">Long context</th>
              <th className="px-2 py-2 font-medium">Effective from</th>
              <th className="px-2 py-2 font-medium">Origin</th>
              {isAdmin ? <th className="px-4 py-2" /> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {shown.map((p) => (
              <tr key={p.id} data-testid="price-row" data-model={p.model}>
                <td className="px-4 py-1.5 font-mono text-xs" title={p.pattern}>
                  {p.model}
                </td>
                <td className="px-2 py-1.5 text-xs">{p.provider}</td>
                <td className="px-2 py-1.5 text-right tabular-nums" data-testid="price-input">
                  {usd(p.input)}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums" data-testid="price-output">
                  {usd(p.output)}
                </td>
                <td className="px-2 py-1.5 text-right tabular-nums">{usd(p.cacheRead)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{usd(p.cacheWrite5m)}</td>
                <td className="px-2 py-1.5 text-right tabular-nums">{usd(p.cacheWrite1h)}</td>
                <td className="px-2 py-1.5 text-xs text-muted">
                  {p.longContextThreshold
                    ? `> ${p.longContextThreshold.toLocaleString("en-US")}: $${p.longInput} / $${p.longOutput}`
                    : "—"}
                </td>
                <td className="px-2 py-1.5 text-xs tabular-nums" data-testid="price-from">
                  {p.effectiveFrom}
                </td>
                <td className="px-2 py-1.5 text-xs">
                  {/^https?:\/\//.test(p.source) ? (
                    <a
                      // A source may carry a note after its URL ("https://… (third-party; …)"): link the URL.
                      href={p.source.split(/\s/)[0]}
                      title={p.source}
                      target="_blank"
                      rel="noreferrer noopener"
                      className="text-accent hover:underline"
                    >
                      {p.origin}
                    </a>
                  ) : (
                    <span title={p.source}>{p.origin}</span>
                  )}
                </td>
                {isAdmin ? (
                  <td className="whitespace-nowrap px-4 py-1.5 text-right">
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Edit ${p.model} from ${p.effectiveFrom}`}
                      data-testid="price-edit"
                      onClick={() => onEdit(p)}
                    >
                      <Pencil className="size-3.5" />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`New price for ${p.model} from another date`}
                      title="New price from another date"
                      data-testid="price-new"
                      onClick={() => onNewPrice(p)}
                    >
                      <Copy className="size-3.5" />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Delete ${p.model} from ${p.effectiveFrom}`}
                      data-testid="price-delete"
                      onClick={() => onDelete(p)}
                    >
                      <Trash2 className="size-3.5" />
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
