// URL state of the pipelines page: the shared range only.
import { createLoader } from "nuqs/server";
import { rangeSearchParams } from "@/lib/range/search-params";

export const pipelinesSearchParams = rangeSearchParams;
export const loadPipelinesSearchParams = createLoader(pipelinesSearchParams);
