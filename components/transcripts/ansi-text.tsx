"use client";
import Anser from "anser";
import { useMemo, useState } from "react";

const LINES_SHOWN = 200;

/** Terminal output with ANSI colours, as text spans (never HTML). Long output shows its head until expanded. */
export function AnsiText({ text, className = "" }: { text: string; className?: string }) {
  const [all, setAll] = useState(false);
  const lines = useMemo(() => text.split("\n"), [text]);
  const shown = all || lines.length <= LINES_SHOWN ? text : lines.slice(0, LINES_SHOWN).join("\n");
  const chunks = useMemo(() => Anser.ansiToJson(shown, { use_classes: false, remove_empty: true }), [shown]);
  return (
    <div>
      <pre
        className={`overflow-x-auto font-mono text-[12px] leading-relaxed whitespace-pre-wrap break-all ${className}`}
      >
        {chunks.map((c, i) => (
          <span
            // biome-ignore lint/suspicious/noArrayIndexKey: chunks of one immutable string
            key={i}
            style={{
              color: c.fg ? `rgb(${c.fg})` : undefined,
              backgroundColor: c.bg ? `rgb(${c.bg})` : undefined,
              fontWeight: c.decorations?.includes("bold") ? 600 : undefined,
            }}
          >
            {c.content}
          </span>
        ))}
      </pre>
      {!all && lines.length > LINES_SHOWN ? (
        <button
          type="button"
          onClick={() => setAll(true)}
          className="mt-1 text-xs text-accent hover:underline"
        >
          Show all {lines.length.toLocaleString("en-US")} lines
        </button>
      ) : null}
    </div>
  );
}
