import type { Metadata } from "next";
import { headers } from "next/headers";
import { SsoSettingsForm } from "@/components/settings/sso-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { isAdminRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { readSsoConfig, SSO_CALLBACK_PATH } from "@/lib/auth/sso-config";
import { ssoSettingsView } from "@/lib/auth/sso-settings";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Single sign-on" };

/** The console's origin as the browser reached it (or the configured public URL): for the callback URL. */
async function origin(): Promise<string> {
  if (env.FLEETWATCH_URL) return new URL(env.FLEETWATCH_URL).origin;
  const h = await headers();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${h.get("host") ?? "localhost"}`;
}

export default async function SsoSettingsPage() {
  const user = await requireUser();
  const description =
    "Sign in with your company's identity provider (Okta, Google, Azure AD, Keycloak…) over OpenID Connect.";
  if (!isAdminRole(user.role)) {
    return (
      <>
        <PageHeader title="Single sign-on" description={description} />
        <Card className="p-5 text-sm text-muted" data-testid="sso-admin-only">
          Only an admin can see and change single sign-on.
        </Card>
      </>
    );
  }
  const config = await readSsoConfig(await getDb());
  return (
    <>
      <PageHeader title="Single sign-on" description={description} />
      <SsoSettingsForm
        settings={ssoSettingsView(config)}
        callbackUrl={`${await origin()}${SSO_CALLBACK_PATH}`}
      />
    </>
  );
}
