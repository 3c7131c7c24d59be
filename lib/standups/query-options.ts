// React Query options of the standups page, shared by the server prefetch and the client.
import type { StandupResponse } from "./schemas";

export function standupQueryKey(project: string, date: string, agent: string | null) {
  return ["standup", project, date, agent] as const;
}

export async function fetchStandup(
  project: string,
  date: string,
  agent: string | null,
): Promise<StandupResponse> {
  const params = new URLSearchParams({ project, date });
  if (agent) params.set("agent", agent);
  const res = await fetch(`/api/v1/standups?${params}`, { headers: { accept: "application/json" } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Loading the standup failed (${res.status})`);
  }
  return (await res.json()) as StandupResponse;
}
