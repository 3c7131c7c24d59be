"use client";
import { Check, ClipboardCopy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies the standup's Markdown (paste it into Slack, an issue, a doc). */
export function CopyMarkdown({ markdown }: { markdown: () => string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <Button
      variant="secondary"
      data-testid="copy-markdown"
      onClick={() => {
        navigator.clipboard
          .writeText(markdown())
          .then(() => setState("copied"))
          .catch(() => setState("failed"))
          .finally(() => setTimeout(() => setState("idle"), 2000));
      }}
    >
      {state === "copied" ? <Check className="size-4" /> : <ClipboardCopy className="size-4" />}
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy as Markdown"}
    </Button>
  );
}
