import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";

export const metadata: Metadata = { title: "Costs" };

export default function CostsPage() {
  return (
    <ComingSoon
      title="Costs"
      description="What the fleet spent, and what it got for it."
      features={[
        "Spend over time by model, agent, harness or project, with prompt-cache tokens priced correctly",
        "Cost per successful job and wasted spend on failed and cancelled jobs",
        "Budgets with burn, month to date and a forecast to month end",
      ]}
      feed={
        <>
          Send <code className="font-mono">job.usage</code> events with the model and token counts (and{" "}
          <code className="font-mono">cost_usd</code> when your runner knows it).
        </>
      }
    />
  );
}
