// The one way client components send a change to the JSON API: the server's own message comes back as `error`
// (the API answers {error:{code,message}}), never a thrown error or a bare status, so every control can show it.
export type Sent<T> = { ok: true; data: T } | { ok: false; error: string; status: number | null };

export const NO_ANSWER = "The server did not answer; check the connection and try again.";

/** The server's message in an error response, else what happened in words. */
export async function errorMessage(res: Response | null): Promise<string> {
  if (!res) return NO_ANSWER;
  const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
  const message = body?.error?.message;
  return typeof message === "string" && message.trim()
    ? message
    : `That did not work (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}).`;
}

export async function send<T = unknown>(
  url: string,
  method: "POST" | "PATCH" | "PUT" | "DELETE" | "GET",
  body?: unknown,
): Promise<Sent<T>> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).catch(() => null);
  if (!res?.ok) return { ok: false, error: await errorMessage(res), status: res?.status ?? null };
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  return { ok: true, data: data as T };
}
