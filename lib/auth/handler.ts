// The HTTP entry of better-auth (app/api/auth/[...all]): stamps the resolved client address, which better-auth
// reads instead of X-Forwarded-For, and gives every 429 the standard Retry-After header (better-auth's own
// limiter only sends X-Retry-After).
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./client-address";
import type { Auth } from "./server";

export async function handleAuthRequest(auth: Auth, request: Request): Promise<Response> {
  const headers = new Headers(request.headers);
  const address = clientAddress(request.headers, auth.trustProxyHops);
  if (address) headers.set(CLIENT_ADDRESS_HEADER, address);
  else headers.delete(CLIENT_ADDRESS_HEADER); // a client's own value never counts
  const response = await auth.handler(new Request(request, { headers }));
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
