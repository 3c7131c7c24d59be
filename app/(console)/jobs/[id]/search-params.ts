import { createLoader, parseAsStringLiteral } from "nuqs/server";

export const JOB_TABS = ["transcript", "events", "facts"] as const;
export const jobSearchParams = { tab: parseAsStringLiteral(JOB_TABS).withDefault("transcript") };
export const loadJobSearchParams = createLoader(jobSearchParams);
