// URL state of the standups page: one parser map for the server loader and the client hook.
import { createLoader, createParser, parseAsString } from "nuqs/server";
import { isDay } from "@/lib/standups/days";

/** A calendar day (YYYY-MM-DD); anything else is ignored (the page opens on yesterday). */
const parseAsDay = createParser({
  parse: (v: string) => (isDay(v) ? v : null),
  serialize: (v: string) => v,
});

export const standupsSearchParams = {
  date: parseAsDay,
  agent: parseAsString,
};

export const loadStandupsSearchParams = createLoader(standupsSearchParams);
