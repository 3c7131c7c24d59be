import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { listPrices } from "@/lib/costs/prices";
import { PricesClient } from "./client";

export const metadata: Metadata = { title: "Model prices" };

export default async function PricesPage() {
  const user = await requireUser();
  const prices = await listPrices({ db: await getPrimaryReadDb() });
  return (
    <>
      <PageHeader
        title="Model prices"
        description="USD per million tokens. Usage is priced with the newest row effective on its day; a runner's reported cost_usd wins when it sends one."
      />
      <PricesClient isAdmin={isAdminRole(user.role)} prices={prices.map(({ updatedAt: _u, ...p }) => p)} />
    </>
  );
}
