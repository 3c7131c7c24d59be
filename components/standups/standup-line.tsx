import Link from "next/link";
import { cn } from "@/lib/cn";
import type { LineTag, StandupLine } from "@/lib/standups/schemas";

const TAGS: Partial<Record<LineTag, string>> = {
  new: "bg-sky-50 text-sky-700 ring-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:ring-sky-900",
  regressed:
    "bg-orange-50 text-orange-700 ring-orange-200 dark:bg-orange-950 dark:text-orange-300 dark:ring-orange-900",
  repeated: "bg-red-50 text-red-700 ring-red-200 dark:bg-red-950 dark:text-red-300 dark:ring-red-900",
  stalled:
    "bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-900",
  waiting:
    "bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950 dark:text-violet-300 dark:ring-violet-900",
};

/** A stable key for a line: its text and links (two lines never share both). */
export const lineKey = (l: StandupLine) => `${l.text}|${l.segments.map((s) => s.href ?? "").join(" ")}`;

/** One standup line: its text with links (console links in-app, artifacts in a new tab) and its tags. */
export function StandupLineView({ line }: { line: StandupLine }) {
  return (
    <li className="leading-relaxed wrap-anywhere" data-testid="standup-line">
      {line.segments.map((s, i) => {
        const key = `${i}-${s.text}`;
        if (!s.href) return <span key={key}>{s.text}</span>;
        if (s.external)
          return (
            <a
              key={key}
              href={s.href}
              target="_blank"
              rel="noreferrer noopener nofollow"
              className="whitespace-nowrap text-accent hover:underline"
            >
              {s.text}
            </a>
          );
        return (
          <Link
            key={key}
            href={s.href}
            className="font-medium text-fg underline decoration-border decoration-1 underline-offset-[3px] hover:decoration-accent"
          >
            {s.text}
          </Link>
        );
      })}
      {line.tags
        .filter((t) => TAGS[t])
        .map((t) => (
          <span
            key={t}
            data-testid={`tag-${t}`}
            className={cn(
              "ml-2 inline-flex translate-y-[-1px] rounded-full px-1.5 py-px align-middle text-[10px] font-medium uppercase tracking-wide ring-1 ring-inset",
              TAGS[t],
            )}
          >
            {t}
          </span>
        ))}
    </li>
  );
}
