"use client";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { PriceForm, type PriceView } from "@/components/costs/price-form";
import { PricesTable } from "@/components/costs/prices-table";
import { RepriceForm } from "@/components/costs/reprice-form";
import { ActionError } from "@/components/ui/action-error";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { useAction } from "@/components/ui/use-action";
import { deletePriceAction } from "@/lib/costs/actions";

const today = () => new Date().toISOString().slice(0, 10);

export function PricesClient({ prices, isAdmin }: { prices: PriceView[]; isAdmin: boolean }) {
  const router = useRouter();
  const [form, setForm] = useState<{ initial: Partial<PriceView> | null; key: number } | null>(null);
  const [repriceFrom, setRepriceFrom] = useState(today());
  const [saved, setSaved] = useState<string | null>(null);
  const remove = useAction();
  const open = (initial: Partial<PriceView> | null) => {
    setSaved(null);
    setForm({ initial, key: Date.now() });
  };

  return (
    <Card>
      <CardHeader
        title={`${prices.length} price rows`}
        description="A change applies to usage from its effective date on as it arrives; re-apply it to history to re-price what is stored."
        actions={
          isAdmin ? (
            <Button size="sm" data-testid="price-add" onClick={() => open(null)}>
              <Plus className="size-3.5" /> Add a model
            </Button>
          ) : null
        }
      />
      {isAdmin ? (
        <div className="space-y-2 border-b border-border bg-subtle/50 px-5 py-3">
          <RepriceForm from={repriceFrom} />
          {saved ? (
            <p className="text-xs text-emerald-700 dark:text-emerald-400" data-testid="price-saved">
              Price saved. It prices new usage from {saved}; re-apply it to history to re-price stored usage.
            </p>
          ) : null}
        </div>
      ) : (
        <p className="border-b border-border px-5 py-3 text-xs text-muted">
          Only an admin can change prices.
        </p>
      )}
      {form ? (
        <PriceForm
          key={form.key}
          initial={form.initial}
          onCancel={() => setForm(null)}
          onSaved={(from) => {
            setForm(null);
            setSaved(from);
            setRepriceFrom(from);
            router.refresh();
          }}
        />
      ) : null}
      <ActionError error={remove.error} testId="price-delete-error" className="px-5 py-2" />
      <PricesTable
        prices={prices}
        isAdmin={isAdmin}
        onEdit={(p) => open(p)}
        onNewPrice={({ id: _id, origin: _o, ...p }) => open({ ...p, effectiveFrom: today() })}
        onDelete={(p) => {
          if (!window.confirm(`Delete the price of ${p.model} from ${p.effectiveFrom}?`)) return;
          remove.run(async () => {
            const deleted = await deletePriceAction(p.id);
            router.refresh(); // refused or not, the table shows what is there now
            return deleted;
          });
        }}
      />
    </Card>
  );
}
