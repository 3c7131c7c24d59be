// URL state of the Overview: the shared range only (one parser map for the server loader and the client hook).
import { createLoader } from "nuqs/server";
import { rangeSearchParams } from "@/lib/range/search-params";

export const overviewSearchParams = rangeSearchParams;
export const loadOverviewSearchParams = createLoader(overviewSearchParams);
