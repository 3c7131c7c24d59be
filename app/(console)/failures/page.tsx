import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";

export const metadata: Metadata = { title: "Failures" };

export default function FailuresPage() {
  return (
    <ComingSoon
      title="Failures"
      description="What failed, why, and whether it is new."
      features={[
        "Every failed job classified into the failure taxonomy (rate_limit, timeout, context_overflow, tool_error…)",
        "Failures grouped into issues by fingerprint, with a Sentry-style triage workflow",
        "Failures over time stacked by class, and the change against the previous period",
      ]}
      feed={
        <>
          Send <code className="font-mono">job.failed</code> events with{" "}
          <code className="font-mono">error.message</code>, <code className="font-mono">type</code>,{" "}
          <code className="font-mono">code</code> and <code className="font-mono">exit_code</code>.
        </>
      }
    />
  );
}
