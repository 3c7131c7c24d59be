import { expect, type Page } from "@playwright/test";

/** Settings > Single sign-on. */
export class SsoSettingsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/settings/sso");
    await expect(this.page.getByRole("heading", { name: "Single sign-on" })).toBeVisible();
  }

  async configure(s: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    label: string;
    domains: string;
  }) {
    await this.page.getByTestId("sso-issuer").fill(s.issuer);
    await this.page.getByTestId("sso-client-id").fill(s.clientId);
    await this.page.getByTestId("sso-client-secret").fill(s.clientSecret);
    await this.page.getByTestId("sso-label").fill(s.label);
    await this.page.getByTestId("sso-domains").fill(s.domains);
    await this.page.getByTestId("sso-role").selectOption("member");
    await this.page.getByTestId("sso-save").click();
  }
}

/** The login page of the test IdP (tests/helpers/oidc-provider.ts); consent is given at once. */
export async function signInAtIdp(page: Page, login: string) {
  await expect(page.getByRole("heading", { name: "Test IdP" })).toBeVisible();
  await page.getByLabel("Email").fill(login);
  await page.getByLabel("Password").fill("any password");
  await page.getByRole("button", { name: "Sign in" }).click();
}
