// URL state of the Costs page: the shared range plus grouping, bucket and filters. One parser map for the
// server loader and the client hook.
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { COST_GROUPS } from "@/lib/costs/schemas";
import { BUCKETS } from "@/lib/range/range";
import { rangeSearchParams } from "@/lib/range/search-params";

export const costsSearchParams = {
  ...rangeSearchParams,
  groupBy: parseAsStringLiteral(COST_GROUPS).withDefault("model"),
  bucket: parseAsStringLiteral(BUCKETS),
  agent: parseAsString,
  model: parseAsString,
  harness: parseAsString,
};

export const loadCostsSearchParams = createLoader(costsSearchParams);
