// React Query options of the agents board and agent page, shared by the server prefetch and the client.
// Both poll: statuses change with time alone (a job goes stalled with no event at all), and the app is
// stateless behind a load balancer, so a cheap poll every few seconds beats a push channel between instances.
import { getJson } from "@/lib/client/get-json";
import type { AgentDetail, AgentsPage } from "./schemas";

export const LIVE_REFRESH_MS = 5_000;

export const agentsQueryKey = (project: string) => ["agents", project] as const;
export const agentQueryKey = (project: string, name: string) => ["agent", project, name] as const;

export function fetchAgents(project: string): Promise<AgentsPage> {
  return getJson(`/api/v1/agents?${new URLSearchParams({ project })}`, "agents");
}

export function fetchAgent(project: string, name: string): Promise<AgentDetail> {
  return getJson(
    `/api/v1/agents/${encodeURIComponent(name)}?${new URLSearchParams({ project })}`,
    "the agent",
  );
}
