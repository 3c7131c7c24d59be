// Real HTTP requests to better-auth through the console's own entry (handleAuthRequest), as a browser or an
// attacker's script would send them.
import { LISTEN_ADDRESS_HEADER, PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { handleAuthRequest } from "@/lib/auth/handler";
import type { Auth } from "@/lib/auth/server";
import { SETUP_TOKEN_HEADER } from "@/lib/auth/setup-token-messages";

export const ORIGIN = "http://localhost:3000";

/**
 * listen: the address the console's server is bound to, as the server stamps it (default 127.0.0.1, the e2e and
 * quickstart console; null: not stamped). setupToken: the first-time setup token header. origin: the page's.
 */
type Sender = {
  peer?: string;
  forwardedFor?: string;
  listen?: string | null;
  setupToken?: string;
  origin?: string;
};

function post(
  auth: Auth,
  path: string,
  body: unknown,
  { peer, forwardedFor, listen = "127.0.0.1", setupToken, origin = ORIGIN }: Sender,
): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json", origin, host: "localhost:3000" });
  if (listen) headers.set(LISTEN_ADDRESS_HEADER, listen);
  if (setupToken !== undefined) headers.set(SETUP_TOKEN_HEADER, setupToken);
  if (peer) headers.set(PEER_ADDRESS_HEADER, peer);
  if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);
  const request = new Request(`${ORIGIN}/api/auth${path}`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  return handleAuthRequest(auth, request);
}

export function signUp(
  auth: Auth,
  fields: { name: string; email: string; password: string },
  from: Sender = {},
) {
  return post(auth, "/sign-up/email", fields, from);
}

export function signIn(auth: Auth, fields: { email: string; password: string }, from: Sender = {}) {
  return post(auth, "/sign-in/email", fields, from);
}
