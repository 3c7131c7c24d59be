// better-auth request hooks: the setup token of a fresh console reachable from the network (lib/auth/setup-token),
// sign-in throttling around /sign-in/email (refused outright while password sign-in
// is switched off for SSO, and for a deactivated account), and a clear answer to the losers of a first-admin
// race on /sign-up/email.
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { session, user } from "@/db/schema";
import { clientAddress, LISTEN_ADDRESS_HEADER } from "./client-address";
import { setupTokenRefusal, setupTokenRequired } from "./setup-token";
import { SETUP_TOKEN_HEADER, SETUP_TOKEN_MESSAGES } from "./setup-token-messages";
import { cachedSsoConfig } from "./sso-config";
import { reserveSignIn, type SignInAttempt, settleSuccessfulSignIn, throttleMessage } from "./throttle";
import { countUsers, SIGN_UP_CLOSED, SIGN_UP_CLOSED_CODE } from "./users";

export const PASSWORD_SIGN_IN_DISABLED = "PASSWORD_SIGN_IN_DISABLED";

const signInBody = z.object({ email: z.string().max(320) });

function attemptOf(ctx: { body?: unknown; headers?: Headers }, trustProxyHops: number): SignInAttempt {
  const body = signInBody.safeParse(ctx.body);
  return {
    email: body.success ? body.data.email : null,
    address: ctx.headers ? clientAddress(ctx.headers, trustProxyHops) : null,
  };
}

const DEACTIVATED = "This account is deactivated. Ask an admin of this console to reactivate it.";

async function isDeactivated(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ deactivatedAt: user.deactivatedAt, removedAt: user.removedAt })
    .from(user)
    .where(eq(user.id, userId));
  return Boolean(row?.deactivatedAt ?? row?.removedAt);
}

/**
 * First-time setup on a console reachable from the network needs the setup token of the server log. Asked only
 * while no user exists: afterwards sign-up is closed and the user hook says so.
 */
async function checkSetupToken(db: Db, headers: Headers | undefined, publicUrl: string | undefined) {
  if ((await countUsers(db)) > 0) return;
  if (!setupTokenRequired(headers?.get(LISTEN_ADDRESS_HEADER) ?? null, publicUrl)) return;
  const refusal = await setupTokenRefusal(db, headers?.get(SETUP_TOKEN_HEADER) ?? null);
  if (refusal) throw new APIError("FORBIDDEN", { message: SETUP_TOKEN_MESSAGES[refusal], code: refusal });
}

export function authHooks({
  db,
  trustProxyHops,
  publicUrl,
}: {
  db: Db;
  trustProxyHops: number;
  /** FLEETWATCH_URL: a non-local one makes first-time setup ask for the token too. */
  publicUrl: string | undefined;
}) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path === "/sign-up/email") return checkSetupToken(db, ctx.headers, publicUrl);
      if (ctx.path !== "/sign-in/email") return;
      const sso = await cachedSsoConfig(db);
      if (!sso.passwordSignInEffective) {
        throw new APIError("FORBIDDEN", {
          message: `Password sign-in is turned off for this Fleetwatch. Sign in with ${sso.label} instead.`,
          code: PASSWORD_SIGN_IN_DISABLED,
        });
      }
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
        const created = ctx.context.newSession;
        if (isAPIError(returned) || !created) return;
        await settleSuccessfulSignIn(db, attemptOf(ctx, trustProxyHops));
        // A deactivated account knows its password but may not sign in: the session just made is deleted
        // (getSessionUser would refuse it anyway) and the form says why. Asked only after the password matched,
        // so it tells nothing to someone who merely knows the address.
        if (await isDeactivated(db, created.user.id)) {
          await db.delete(session).where(eq(session.id, created.session.id));
          throw new APIError("FORBIDDEN", { message: DEACTIVATED, code: "ACCOUNT_DEACTIVATED" });
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
        // better-auth keeps the failed endpoint's status (422) for an error an after hook throws;
        // handleAuthRequest turns this code into the 403 it means.
        // Its insert failed on the unique index only once the winner committed, so the winner is visible now.
        if ((await countUsers(db)) > 0) {
          throw new APIError("FORBIDDEN", { message: SIGN_UP_CLOSED, code: SIGN_UP_CLOSED_CODE });
        }
      }
    }),
  };
}
