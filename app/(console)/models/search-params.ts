// URL state of the Models page: the shared range, the matrix's metric and the comparison. One parser map for
// the server loader and the client hook.
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { MATRIX_METRICS } from "@/lib/models/view";
import { rangeSearchParams } from "@/lib/range/search-params";

export const modelsSearchParams = {
  ...rangeSearchParams,
  metric: parseAsStringLiteral(MATRIX_METRICS).withDefault("success_rate"),
  cmp: parseAsStringLiteral(["model", "harness"] as const).withDefault("model"),
  a: parseAsString,
  b: parseAsString,
  match: parseAsString.withDefault("repo"),
};

export const loadModelsSearchParams = createLoader(modelsSearchParams);
