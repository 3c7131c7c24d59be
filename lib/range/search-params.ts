// URL parsers of the shared range (nuqs): one map for server loaders and client hooks.
import { parseAsIsoDateTime, parseAsStringLiteral } from "nuqs/server";
import { DEFAULT_RANGE, RANGE_KINDS } from "./range";

export const rangeSearchParams = {
  range: parseAsStringLiteral(RANGE_KINDS).withDefault(DEFAULT_RANGE),
  from: parseAsIsoDateTime,
  to: parseAsIsoDateTime,
};

/** Query-string keys the shell carries from page to page (the sidebar keeps them on its links). */
export const SHARED_RANGE_KEYS = ["range", "from", "to"] as const;
