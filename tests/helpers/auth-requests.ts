// Real HTTP requests to better-auth through the console's own entry (handleAuthRequest), as a browser or an
// attacker's script would send them.
import { PEER_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { handleAuthRequest } from "@/lib/auth/handler";
import type { Auth } from "@/lib/auth/server";

export const ORIGIN = "http://localhost:3000";

type Sender = { peer?: string; forwardedFor?: string };

function post(auth: Auth, path: string, body: unknown, { peer, forwardedFor }: Sender): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json", origin: ORIGIN, host: "localhost:3000" });
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
