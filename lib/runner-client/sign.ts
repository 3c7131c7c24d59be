// Fleetwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>, over the bytes before gzip.
import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "Fleetwatch-Signature";

export function signatureHeader(secret: string, body: string | Uint8Array, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  const mac = createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
  return `t=${t},v1=${mac}`;
}
