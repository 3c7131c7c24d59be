// One error hierarchy for every route; lib/http/route.ts maps it to HTTP.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new ApiError(400, "bad_request", message, details);
export const unauthorized = (message: string) => new ApiError(401, "unauthorized", message);
export const forbidden = (message: string) => new ApiError(403, "forbidden", message);
export const notFound = (message: string) => new ApiError(404, "not_found", message);
/** The object changed since the caller looked at it (e.g. an undo of a change that was since overridden). */
export const conflict = (message: string) => new ApiError(409, "conflict", message);
/** A read hit its statement timeout (db/read.ts): the caller can retry with a narrower question. */
export const queryTimeout = (message: string) => new ApiError(503, "query_timeout", message);
