import type { Metadata } from "next";
import { ComingSoon } from "@/components/shell/coming-soon";

export const metadata: Metadata = { title: "Models" };

export default function ModelsPage() {
  return (
    <ComingSoon
      title="Models"
      description="Which model and harness should do which work?"
      features={[
        "A model × harness grid: success rate, cost per success, time to finish",
        "Failure classes per model and harness version",
        "Trends after a model or harness upgrade",
      ]}
      feed={
        <>
          Name the <code className="font-mono">harness</code>,{" "}
          <code className="font-mono">harness_version</code> and <code className="font-mono">model</code> on{" "}
          <code className="font-mono">job.started</code>.
        </>
      }
    />
  );
}
