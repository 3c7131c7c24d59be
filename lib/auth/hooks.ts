// better-auth request hooks: sign-in throttling around /sign-in/email, and a clear answer to the losers of a
// first-admin race on /sign-up/email.
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { z } from "zod";
import type { Db } from "@/db/client";
import { clientAddress } from "./client-address";
import { reserveSignIn, type SignInAttempt, settleSuccessfulSignIn, throttleMessage } from "./throttle";
import { countUsers, SIGN_UP_CLOSED } from "./users";

const signInBody = z.object({ email: z.string().max(320) });

function attemptOf(ctx: { body?: unknown; headers?: Headers }, trustProxyHops: number): SignInAttempt {
  const body = signInBody.safeParse(ctx.body);
  return {
    email: body.success ? body.data.email : null,
    address: ctx.headers ? clientAddress(ctx.headers, trustProxyHops) : null,
  };
}

export function authHooks({ db, trustProxyHops }: { db: Db; trustProxyHops: number }) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== "/sign-in/email") return;
      const verdict = await reserveSignIn(db, attemptOf(ctx, trustProxyHops));
      if (!verdict.blocked) return;
      throw new APIError(
        "TOO_MANY_REQUESTS",
        { message: throttleMessage(verdict), code: "TOO_MANY_SIGN_IN_ATTEMPTS" },
        { "Retry-After": String(verdict.retryAfterSeconds) },
      );
    }),
    after: createAuthMiddleware(async (ctx) => {
      const returned = ctx.context.returned;
      if (ctx.path === "/sign-in/email") {
        if (!isAPIError(returned) && ctx.context.newSession) {
          await settleSuccessfulSignIn(db, attemptOf(ctx, trustProxyHops));
        }
        return;
      }
      // Concurrent first sign-ups that all found no user: PostgreSQL let one insert through (user_setup_admin_uq)
      // and better-auth reports the others' failed insert as a bare "Failed to create user". Say why.
      if (
        ctx.path === "/sign-up/email" &&
        isAPIError(returned) &&
        returned.body?.code === "FAILED_TO_CREATE_USER"
      ) {
        if (await someUserExists(db)) throw new APIError("FORBIDDEN", { message: SIGN_UP_CLOSED });
      }
    }),
  };
}

/**
 * Whether a user exists, looking again a few times over ~0.3 s: a loser of the first-admin race reaches this
 * hook as soon as its insert fails, and once under load (1 run in ~6 of the race test) its first look still
 * found no user, so it answered a bare 422 instead of the 403 that says why.
 */
async function someUserExists(db: Db): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    if ((await countUsers(db)) > 0) return true;
    if (attempt === 5) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
