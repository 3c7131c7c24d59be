import { cn } from "@/lib/cn";

/** A refused or failed change, in the server's words, next to the control that made it. */
export function ActionError({
  error,
  className,
  testId = "action-error",
}: {
  error: string | null | undefined;
  className?: string;
  testId?: string;
}) {
  if (!error) return null;
  return (
    <p role="alert" className={cn("text-xs text-red-600 dark:text-red-400", className)} data-testid={testId}>
      {error}
    </p>
  );
}
