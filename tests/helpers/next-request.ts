// The request a server action runs in, for tests that call actions directly: next/headers reads this request's
// headers and cookies instead of Next's request store (absent outside a server). Everything else is real: the
// session cookie is checked by better-auth against the database like in the console.
//   vi.mock("next/headers", () => import("@/tests/helpers/next-request").then((m) => m.nextHeaders));
//   vi.mock("next/cache", () => import("@/tests/helpers/next-request").then((m) => m.nextCache));

const state = { headers: new Headers() };

/** Sets the headers (Cookie, User-Agent, the peer address) of the requests the next actions see. */
export function setActionRequest(headers: Record<string, string>) {
  state.headers = new Headers(headers);
}

function cookieJar() {
  const parsed = new Map(
    (state.headers.get("cookie") ?? "")
      .split(";")
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as const),
  );
  return {
    get: (name: string) => (parsed.has(name) ? { name, value: parsed.get(name) as string } : undefined),
    set: () => {},
  };
}

export const nextHeaders = {
  headers: async () => state.headers,
  cookies: async () => cookieJar(),
};

export const nextCache = { revalidatePath: () => {}, revalidateTag: () => {} };
