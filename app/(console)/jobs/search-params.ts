// URL state of the jobs list: one parser map for the server loader and the client hook.
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { JOB_STATUS_FILTERS, TIME_RANGES } from "@/lib/jobs/schemas";

export const jobsSearchParams = {
  status: parseAsStringLiteral(JOB_STATUS_FILTERS),
  agent: parseAsString,
  model: parseAsString,
  range: parseAsStringLiteral(TIME_RANGES).withDefault("7d"),
  q: parseAsString,
};

export const loadJobsSearchParams = createLoader(jobsSearchParams);
