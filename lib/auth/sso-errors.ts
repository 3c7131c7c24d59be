// What the login page says when single sign-on ends on /login?error=<code>. Only known codes get their sentence;
// the page never shows error_description, which anyone can put in a link.

/** Refusals of our own (lib/auth/sso-admission.ts). */
export const SSO_REFUSALS = {
  SSO_SETUP_FIRST:
    "This Fleetwatch has no admin yet. Create the first account with a password on the setup page.",
  SSO_INVITE_REQUIRED:
    "Your account needs an invite. Ask an admin of this Fleetwatch to invite your email address, then sign in again.",
  SSO_ACCOUNT_DEACTIVATED: "This account is deactivated. Ask an admin of this Fleetwatch to reactivate it.",
  SSO_NO_EMAIL: "The identity provider did not share an email address, so no account can be matched.",
} as const;
export type SsoRefusalCode = keyof typeof SSO_REFUSALS;

/** better-auth's callback codes and the IdP's own (OAuth 2.0 error responses). */
const CALLBACK_ERRORS: Record<string, string> = {
  account_not_linked:
    "An account with this email already exists, and the identity provider did not confirm the address is verified, so the two were not joined. Ask an admin.",
  access_denied: "Sign-in was cancelled or denied at the identity provider.",
  email_not_found: SSO_REFUSALS.SSO_NO_EMAIL,
  invalid_code: "The identity provider's answer could not be verified. Try again.",
  state_not_found: "The sign-in took too long or was started in another browser. Try again.",
  state_mismatch: "The sign-in took too long or was started in another browser. Try again.",
  please_restart_the_process: "The sign-in took too long or was started in another browser. Try again.",
  oauth_provider_not_found: "Single sign-on is not configured on this Fleetwatch any more.",
  unable_to_get_user_info:
    "The identity provider's answer could not be verified. Try again, or ask an admin to check the SSO settings.",
  login_required: "Sign in at the identity provider first.",
};

/** The sentence for an error code from the URL, or null when there is none. */
export function ssoErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code in SSO_REFUSALS) return SSO_REFUSALS[code as SsoRefusalCode];
  const known = CALLBACK_ERRORS[code];
  if (known) return known;
  const shown = /^[A-Za-z0-9_.-]{1,60}$/.test(code) ? ` (${code})` : "";
  return `Single sign-on did not complete${shown}. Try again, or ask an admin of this Fleetwatch.`;
}
