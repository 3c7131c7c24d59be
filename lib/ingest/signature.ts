// Fleetwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>.
import { createHmac, timingSafeEqual } from "node:crypto";
import { forbidden } from "@/lib/http/errors";

export const REPLAY_WINDOW_SECONDS = 300;

export function signBody(secret: string, body: string | Buffer, t = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
  return `t=${t},v1=${mac}`;
}

export function verifySignature(secret: string, header: string | null, body: Buffer, now = Date.now()): void {
  if (!header) throw forbidden("This key requires signed requests: send a Fleetwatch-Signature header.");
  const parts = new Map(
    header.split(",").map((p) => {
      const i = p.indexOf("=");
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1") ?? "";
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/i.test(v1)) {
    throw forbidden('Malformed Fleetwatch-Signature: expected "t=<unix seconds>,v1=<hex HMAC-SHA256>".');
  }
  const skew = Math.abs(now / 1000 - t);
  if (skew > REPLAY_WINDOW_SECONDS) {
    throw forbidden(
      `Signature timestamp is ${Math.round(skew)} s away from the server clock (limit ${REPLAY_WINDOW_SECONDS} s): sign each request when sending it and check the runner's clock.`,
    );
  }
  const expected = createHmac("sha256", secret).update(`${t}.`).update(body).digest();
  const given = Buffer.from(v1, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw forbidden("Signature does not match: sign the exact raw body with the key's signing secret.");
  }
}
