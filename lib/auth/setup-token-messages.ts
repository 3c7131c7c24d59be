// What the setup form and the sign-up endpoint share about the first-time setup token (lib/auth/setup-token.ts);
// no server code here, the setup form imports it.

/** The header the setup form sends the token in (better-auth's sign-up body takes no extra fields). */
export const SETUP_TOKEN_HEADER = "x-fleetwatch-setup-token";
export const SETUP_TOKEN_REQUIRED = "SETUP_TOKEN_REQUIRED";
export const SETUP_TOKEN_INVALID = "SETUP_TOKEN_INVALID";
export type SetupTokenRefusal = typeof SETUP_TOKEN_REQUIRED | typeof SETUP_TOKEN_INVALID;

export const SETUP_TOKEN_MESSAGES: Record<SetupTokenRefusal, string> = {
  [SETUP_TOKEN_REQUIRED]:
    "This console is reachable from the network, so setting it up needs the one-time setup token printed in the server log (the line with /setup?token=).",
  [SETUP_TOKEN_INVALID]:
    "That setup token is not the one in the server log. Copy the whole token (or open the setup link) from the log of the running console.",
};
