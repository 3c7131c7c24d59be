// Single sign-on end to end (issue 14, point 3): an admin connects a real OpenID Connect provider running on
// localhost (oidc-provider) on the settings page; a person of the allowed domain clicks "Sign in with …", signs
// in at the provider and lands in the console with the default role; someone else is turned away with the reason.
import { baseURL } from "../playwright.config";
import { startOidcProvider, type TestIdp } from "../tests/helpers/oidc-provider";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { withDb } from "./members";
import { SsoSettingsPage, signInAtIdp } from "./pages/sso";

const LABEL = "Test IdP";
let idp: TestIdp;

test.beforeAll(async () => {
  idp = await startOidcProvider({
    redirectUris: [`${baseURL}/api/auth/callback/oidc`],
    people: [
      { email: "ada@allowed.test", emailVerified: true, name: "Ada Lovelace" },
      { email: "eve@elsewhere.test", emailVerified: true, name: "Eve Outsider" },
    ],
  });
});

test.afterAll(async () => {
  // Other specs share this server: leave it without SSO (the server re-reads the settings within 3 s).
  await withDb((sql) => sql`delete from instance_setting where key like 'sso.%'`);
  await idp?.close();
});

test.describe
  .serial("single sign-on", () => {
    test("an admin connects the identity provider on the settings page", async ({ browser }) => {
      const context = await browser.newContext({ storageState: ADMIN_STATE });
      const page = await context.newPage();
      const settings = new SsoSettingsPage(page);
      await settings.open();
      await expect(page.getByTestId("sso-status")).toContainText("Not configured");
      // the callback URL to register at the IdP, built from the address the console is reached at
      await expect(page.getByTestId("sso-callback-url")).toHaveText(`${baseURL}/api/auth/callback/oidc`);
      await settings.configure({
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        label: LABEL,
        domains: "allowed.test",
      });
      await expect(page.getByTestId("sso-message")).toHaveText("Saved.");
      await expect(page.getByTestId("sso-status")).toContainText(`Sign in with ${LABEL}`);
      // the secret is write-only: the page only says it is set
      await expect(page.getByTestId("sso-secret-state")).toHaveText("Set");
      expect(await page.content()).not.toContain(idp.clientSecret);
      await page.setViewportSize({ width: 1440, height: 900 });
      await shot(page, "sso-settings-1440");
      await page.screenshot({ path: "/work/notes/shots/sso/settings-1440.png", fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: "/work/notes/shots/sso/settings-390.png", fullPage: true });
      await context.close();
    });

    test("a person of the allowed domain signs in with the IdP and gets the default role", async ({
      page,
    }) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto("/login");
      await page.screenshot({ path: "/work/notes/shots/sso/login-1440.png", fullPage: true });
      await page.getByTestId("sso-sign-in").click();
      await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/`));
      await signInAtIdp(page, "ada@allowed.test");
      await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
      await expect(page.getByTestId("user-name")).toHaveText("Ada Lovelace");
      const rows = await withDb(
        (sql) => sql`select u.role, a.provider_id from "user" u join account a on a.user_id = u.id
                   where u.email = 'ada@allowed.test'`,
      );
      expect(rows.map((r) => [r.role, r.provider_id])).toEqual([["member", "oidc"]]);
    });

    test("someone of another domain without an invite is refused with the reason", async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/login");
      await page.getByTestId("sso-sign-in").click();
      await signInAtIdp(page, "eve@elsewhere.test");
      await expect(page).toHaveURL(/\/login\?error=SSO_INVITE_REQUIRED/);
      await expect(page.getByTestId("sso-error")).toHaveText(/Your account needs an invite/);
      await page.screenshot({ path: "/work/notes/shots/sso/login-refused-390.png", fullPage: true });
      const rows = await withDb((sql) => sql`select 1 from "user" where email = 'eve@elsewhere.test'`);
      expect(rows).toHaveLength(0);
    });

    test("with password sign-in off, the login page offers only the IdP", async ({ browser, page }) => {
      const admin = await browser.newContext({ storageState: ADMIN_STATE });
      const settingsPage = await admin.newPage();
      await new SsoSettingsPage(settingsPage).open();
      await settingsPage.getByTestId("sso-password-signin").uncheck();
      await settingsPage.getByTestId("sso-save").click();
      await expect(settingsPage.getByTestId("sso-message")).toHaveText("Saved.");

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/login");
      await expect(page.getByTestId("sso-sign-in")).toHaveText(`Sign in with ${LABEL}`);
      await expect(page.getByTestId("auth-password")).toHaveCount(0);
      await page.screenshot({ path: "/work/notes/shots/sso/login-sso-only-390.png", fullPage: true });

      // back on through the page (other specs sign in with passwords on this server)
      await settingsPage.getByTestId("sso-password-signin").check();
      await settingsPage.getByTestId("sso-save").click();
      // ("Saved." still shows from the first save: wait for the login page itself to change back)
      await expect(async () => {
        await page.goto("/login");
        await expect(page.getByTestId("auth-password")).toBeVisible({ timeout: 1000 });
      }).toPass();
      await admin.close();
    });
  });
