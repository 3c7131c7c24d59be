// URL state of the jobs list: one parser map for the server loader and the client hook. The range is the
// shared one (?range=&from=&to=, kept by the sidebar across pages) plus "all".
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import {
  DEFAULT_DIR,
  DEFAULT_SORT,
  JOB_RANGES,
  JOB_SORTS,
  JOB_STATUS_FILTERS,
  JOB_VIEWS,
  SORT_DIRS,
} from "@/lib/jobs/schemas";
import { DEFAULT_RANGE } from "@/lib/range/range";
import { rangeSearchParams } from "@/lib/range/search-params";

export const jobsSearchParams = {
  status: parseAsStringLiteral(JOB_STATUS_FILTERS),
  agent: parseAsString,
  model: parseAsString,
  harness: parseAsString,
  /** jobs: every job; runs: only roots, with their runs rolled up */
  view: parseAsStringLiteral(JOB_VIEWS).withDefault("jobs"),
  trigger: parseAsString,
  schedule: parseAsString,
  step: parseAsString,
  pipeline: parseAsString,
  ...rangeSearchParams,
  range: parseAsStringLiteral(JOB_RANGES).withDefault(DEFAULT_RANGE),
  q: parseAsString,
  sort: parseAsStringLiteral(JOB_SORTS).withDefault(DEFAULT_SORT),
  dir: parseAsStringLiteral(SORT_DIRS).withDefault(DEFAULT_DIR),
};

export const loadJobsSearchParams = createLoader(jobsSearchParams);
