// The HTTP entry of better-auth (app/api/auth/[...all]): stamps the resolved client address, which better-auth
// reads instead of X-Forwarded-For, and gives every 429 the standard Retry-After header (better-auth's own
// limiter only sends X-Retry-After). A sign-up that lost the first-admin race answers 403, not 422.
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./client-address";
import type { Auth } from "./server";
import { SIGN_UP_CLOSED_CODE } from "./users";

export async function handleAuthRequest(auth: Auth, request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  const address = clientAddress(request.headers, auth.trustProxyHops);
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
  else headers.delete(CLIENT_ADDRESS_HEADER); // a client's own value never counts
  const response = await signUpClosedAs403(await auth.handler(new Request(request, { headers })));
  const retryAfter = response.headers.get("x-retry-after");
  if (response.status !== 429 || response.headers.has("retry-after") || !retryAfter) return response;
  const withRetryAfter = new Headers(response.headers);
  withRetryAfter.set("Retry-After", retryAfter);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: withRetryAfter,
  });
}

/**
 * The loser of a first-admin race fails inside better-auth's sign-up (a unique violation, 422); the after hook
 * replaces the error with SIGN_UP_CLOSED, but better-auth keeps the failed endpoint's status. Give it its 403.
 */
async function signUpClosedAs403(response: Response): Promise<Response> {
  if (response.status !== 422) return response;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { code?: unknown } | null;
  if (body?.code !== SIGN_UP_CLOSED_CODE) return response;
  return new Response(response.body, { status: 403, statusText: "Forbidden", headers: response.headers });
}
