import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";

export const metadata: Metadata = { title: "Agents" };

export default function AgentsPage() {
  return (
    <ComingSoon
      title="Agents"
      description="Is the fleet alive right now?"
      features={[
        "Every agent with its status (idle, busy, waiting), current job and last heartbeat",
        "Running and stalled jobs, and agents that went silent",
        "Each agent's history: jobs, success rate, spend",
      ]}
      feed={
        <>
          Send <code className="font-mono">agent.heartbeat</code> events every minute with the agent&apos;s
          status and current job.
        </>
      }
    />
  );
}
