import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";

export const metadata: Metadata = { title: "Standups" };

export default function StandupsPage() {
  return (
    <ComingSoon
      title="Standups"
      description="What each agent did yesterday, and what is blocking it."
      features={[
        "A standup per agent and day: done, problems, blocked, spend, next",
        "A fleet standup in five lines, delivered to Slack-compatible webhooks",
        "Every line linked to the jobs and issues it is about",
      ]}
      feed={
        <>
          Give jobs a <code className="font-mono">title</code> and report artifacts (PRs, commits) on{" "}
          <code className="font-mono">job.completed</code>.
        </>
      }
    />
  );
}
