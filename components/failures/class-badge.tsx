import { FAILURE_CLASS_INFO, type FailureClass } from "@/lib/failures/taxonomy";

export function classColor(cls: string): string {
  return FAILURE_CLASS_INFO[cls as FailureClass]?.color ?? "#94a3b8";
}

export function ClassBadge({ cls }: { cls: string }) {
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-md border border-border px-1.5 py-0.5 font-mono text-[11px]"
      data-testid="class-badge"
    >
      <span className="size-2 rounded-full" style={{ backgroundColor: classColor(cls) }} />
      {cls}
    </span>
  );
}
