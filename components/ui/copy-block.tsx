"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";

/** A block of text to copy: commands, keys. Rendered as text, never as HTML. */
export function CopyBlock({
  text,
  testId,
  label = "Copy",
}: {
  text: string;
  testId?: string;
  label?: string;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="group relative">
      <pre
        data-testid={testId}
        className="overflow-x-auto rounded-md border border-border bg-subtle p-3 pr-12 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all"
      >
        {text}
      </pre>
      <button
        type="button"
        aria-label={label}
        onClick={() => {
          void navigator.clipboard?.writeText(text).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          });
        }}
        className="absolute top-2 right-2 rounded-md border border-border bg-panel p-1.5 text-muted hover:text-fg"
      >
        {copied ? <Check className="size-3.5" /> : <Copy className="size-3.5" />}
      </button>
    </div>
  );
}
