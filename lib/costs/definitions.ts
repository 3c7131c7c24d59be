// What each spend figure means, in words the pages show beside it (pure: client components import it).
// The SQL that implements them is lib/costs/spend.ts.

/** Spend in range: the one definition Overview, Costs, Agents and Standups use for a range's spend. */
export const SPEND_IN_RANGE =
  "Cost of the usage reported in the range, in whole UTC hours from the hour the range starts in: the runner's reported cost where it sent one, else priced with the price table";

/** Spend of whole jobs: what outcome figures (cost per successful job, wasted, cost per job) are made of. */
export const JOBS_SPEND =
  "Whole cost of the jobs started in the range, all their usage included (even outside the range)";

/** Where the cost of one usage event comes from. */
export const COST_SOURCES = {
  reported:
    "The runner sent cost_usd with the usage (Claude Code, aider, opencode do): that figure is the cost.",
  priced: "No cost sent: the tokens are priced with Settings > Model prices (cache reads and writes apart).",
  unpriced: "Neither a cost nor a price for the model: counted and flagged, never taken as $0.",
} as const;

/**
 * Spend split by where each usage's cost came from. `computed` in the rollups is the table's price of every
 * priced usage, reported ones included (kept to compare); the priced part of the spend is what was not reported:
 * spend - reported (each usage's cost is its reported cost, else its computed one).
 */
export function spendBreakdown(t: { cost_usd: number; reported_cost_usd: number; unpriced_events: number }) {
  const priced = Math.max(0, t.cost_usd - t.reported_cost_usd);
  return {
    reported: t.reported_cost_usd,
    // below a hundredth of a cent is rounding noise of numeric sums, not spend
    priced: priced < 0.000_001 ? 0 : priced,
    unpricedEvents: t.unpriced_events,
  };
}
