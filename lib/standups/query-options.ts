// React Query options of the standups page, shared by the server prefetch and the client.
import { getJson } from "@/lib/client/get-json";
import type { StandupView } from "./schemas";

export function standupQueryKey(project: string, date: string, agent: string | null) {
  return ["standup", project, date, agent] as const;
}

export async function fetchStandup(
  project: string,
  date: string,
  agent: string | null,
): Promise<StandupView> {
  // The page shows the structure and builds the Markdown only when copied.
  const params = new URLSearchParams({ project, date, markdown: "false" });
  if (agent) params.set("agent", agent);
  return getJson<StandupView>(`/api/v1/standups?${params}`, "the standup");
}
