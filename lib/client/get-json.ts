// The one way the console's react-query fetchers read the JSON API: the API's own message becomes the Error
// that the page shows (react-query's `error`), else what failed in words.
import { NO_ANSWER } from "./send";

/** GETs `path` as JSON; `what` names the data in the fallback message ("Loading jobs failed (HTTP 502)"). */
export async function getJson<T>(path: string, what = "the data"): Promise<T> {
  const res = await fetch(path, { headers: { accept: "application/json" } }).catch(() => null);
  if (!res) throw new Error(NO_ANSWER);
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: unknown } } | null;
    const message = body?.error?.message;
    throw new Error(
      typeof message === "string" && message.trim()
        ? message
        : `Loading ${what} failed (HTTP ${res.status}).`,
    );
  }
  return (await res.json()) as T;
}
