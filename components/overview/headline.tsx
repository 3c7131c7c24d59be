import { JOBS_SPEND, SPEND_IN_RANGE } from "@/lib/costs/definitions";
import { formatCost, formatNumber } from "@/lib/format";
import { formatChange, formatPercent, formatPoints } from "@/lib/overview/format";
import { change } from "@/lib/overview/prepare";
import type { Overview } from "@/lib/overview/schemas";
import { StatCard } from "./stat-card";

type Pair = { current: number | null; previous: number | null };

/** "up is good" / "up is bad" / neither, as the card's tone. */
function tone(p: Pair, upIs: "good" | "bad"): "good" | "bad" | "neutral" {
  if (p.current === null || p.previous === null || p.current === p.previous) return "neutral";
  return p.current > p.previous === (upIs === "good") ? "good" : "bad";
}

export function Headline({ h }: { h: Overview["headline"] }) {
  const pct = (p: Pair) => formatChange(change(p.current, p.previous));
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 2xl:grid-cols-6" data-testid="headline">
      <StatCard
        label="Jobs"
        value={formatNumber(h.jobs.current)}
        change={pct(h.jobs)}
        hint={`vs ${formatNumber(h.jobs.previous)} before`}
        title="Jobs started in the range"
        testId="stat-jobs"
      />
      <StatCard
        label="Success rate"
        value={formatPercent(h.success_rate.current)}
        change={
          h.success_rate.current !== null && h.success_rate.previous !== null
            ? formatPoints(h.success_rate.current - h.success_rate.previous)
            : null
        }
        tone={tone(h.success_rate, "good")}
        hint={`vs ${formatPercent(h.success_rate.previous)} before`}
        title="succeeded / (succeeded + failed), of the jobs started in the range"
        testId="stat-success"
      />
      <StatCard
        label="Spend"
        value={formatCost(h.spend_usd.current ?? 0)}
        change={pct(h.spend_usd)}
        hint={
          h.unpriced_events > 0 ? (
            <span
              className="text-amber-700 dark:text-amber-400"
              title={`${formatNumber(h.unpriced_events)} usage events have no price: the spend is a lower bound. Add the models' prices in Settings > Model prices.`}
              data-testid="stat-spend-unpriced"
            >
              + {formatNumber(h.unpriced_events)} unpriced
            </span>
          ) : (
            `vs ${formatCost(h.spend_usd.previous ?? 0)} before`
          )
        }
        title={`${SPEND_IN_RANGE}. The Costs page shows the same figure.`}
        testId="stat-spend"
      />
      <StatCard
        label="All-in cost per success"
        value={formatCost(h.cost_per_success_usd.current)}
        change={pct(h.cost_per_success_usd)}
        tone={tone(h.cost_per_success_usd, "bad")}
        hint={`vs ${formatCost(h.cost_per_success_usd.previous)} before`}
        title={`${JOBS_SPEND}, failed ones included, per job that succeeded: the Costs page's "All-in per success"`}
        testId="stat-cost-per-success"
      />
      <StatCard
        label="Active agents"
        value={formatNumber(h.active_agents.current)}
        change={pct(h.active_agents)}
        hint={`vs ${formatNumber(h.active_agents.previous)} before`}
        title="Agents that started a job in the range"
        testId="stat-agents"
      />
      <StatCard
        label="Open issues"
        value={formatNumber(h.issues.open)}
        change={h.issues.regressed ? `${h.issues.regressed} regressed` : null}
        tone={h.issues.regressed > 0 ? "bad" : "neutral"}
        hint={`${h.issues.new} new · ${h.issues.first_seen.current} first seen (vs ${h.issues.first_seen.previous} before)`}
        title="Failure issues new, ongoing or regressed now; first seen: in the range"
        testId="stat-issues"
      />
    </div>
  );
}
