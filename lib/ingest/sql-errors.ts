// What a PostgreSQL error says, for the write path's two isolating loops (ingest.ts at the append, projector.ts
// at projection): refused values are isolated event by event, conflicts retried, anything else thrown.

/** An error and the errors it wraps (drizzle wraps postgres.js's error as `cause`), at most 5 deep. */
export function* errorChain(error: unknown): Generator<{ code?: unknown; message?: unknown }> {
  for (let e = error, i = 0; e && typeof e === "object" && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    yield e as { code?: unknown; message?: unknown };
  }
}

/** SQLSTATE of a PostgreSQL error (postgres.js sets `code`; drizzle wraps it as `cause`). */
export function sqlState(error: unknown): string | null {
  for (const e of errorChain(error)) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return null;
}

/** PostgreSQL refused a value (class 22: data exception; 54: program limit, e.g. an index row too big). */
export const isValueRefused = (error: unknown) => /^(22|54)/.test(sqlState(error) ?? "");

/** Deadlock or serialization failure: the transaction may simply be tried again. */
export const isRetryable = (error: unknown) => /^(40P01|40001)$/.test(sqlState(error) ?? "");

/** PostgreSQL's own first line about why (drizzle's wrapper message holds the whole query). */
export function refusalReason(error: unknown): string {
  const message = (error as { cause?: Error }).cause?.message ?? (error as Error).message ?? "";
  return message.split("\n")[0] ?? "";
}
