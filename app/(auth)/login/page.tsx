import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { safeNextPath } from "@/lib/auth/safe-next";
import { countUsers } from "@/lib/auth/server";
import { getSessionUser } from "@/lib/auth/session";
import { cachedSsoConfig, SSO_PROVIDER_ID } from "@/lib/auth/sso-config";
import { ssoErrorMessage } from "@/lib/auth/sso-errors";
import { LoginForm } from "./client";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}) {
  const db = await getDb();
  if ((await countUsers(db)) === 0) redirect("/setup");
  if (await getSessionUser()) redirect("/");
  const { next, error } = await searchParams;
  const sso = await cachedSsoConfig(db);
  return (
    <LoginForm
      // Only a path of this console: never another origin after login, whatever shape `next` takes.
      redirectTo={safeNextPath(next)}
      sso={sso.configured ? { providerId: SSO_PROVIDER_ID, label: sso.label } : null}
      passwordSignIn={sso.passwordSignInEffective}
      ssoError={ssoErrorMessage(typeof error === "string" ? error : null)}
    />
  );
}
