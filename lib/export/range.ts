// The export's time range from the command line: a UTC day (2026-03-01) or an RFC 3339 time, [from, to).
import { z } from "zod";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A day means its first instant in UTC; a time needs its offset (Z or ±hh:mm), so it never depends on TZ. */
export const instantSchema = z.string().transform((s, ctx) => {
  const day = DAY.exec(s);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const t = new Date(Date.UTC(y, m - 1, d));
    // Date.UTC rolls 2026-02-30 over to March: a day that does not exist is refused instead.
    if (t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d) return t;
    ctx.addIssue({ code: "custom", message: `${s} is not a day of the calendar` });
    return z.NEVER;
  }
  if (!z.iso.datetime({ offset: true }).safeParse(s).success) {
    ctx.addIssue({
      code: "custom",
      message: `"${s}" is neither a day (2026-03-01) nor an RFC 3339 time with its offset (2026-03-01T12:00:00Z)`,
    });
    return z.NEVER;
  }
  return new Date(s);
});

export const exportArgsSchema = z
  .object({
    project: z.string({ error: "--project is required (the project's slug)" }).min(1),
    from: instantSchema,
    to: instantSchema,
    out: z.string().min(1).optional(),
  })
  .refine((a) => a.from < a.to, {
    message: "--from must be before --to (the range is [from, to): --to is not included)",
  });

export type ExportArgs = z.infer<typeof exportArgsSchema>;

/** The arguments, or the first problem as one line for the user. */
export function parseExportArgs(
  raw: Record<string, unknown>,
): { ok: true; args: ExportArgs } | { ok: false; error: string } {
  const r = exportArgsSchema.safeParse(raw);
  if (r.success) return { ok: true, args: r.data };
  const issue = r.error.issues[0];
  const field = issue?.path[0];
  const missing = issue?.code === "invalid_type" && field !== undefined && raw[field as string] === undefined;
  if (missing) return { ok: false, error: `--${String(field)} is required` };
  return { ok: false, error: `${field ? `--${String(field)}: ` : ""}${issue?.message ?? "invalid"}` };
}
