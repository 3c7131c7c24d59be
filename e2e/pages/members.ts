import { type Browser, expect, type Page } from "@playwright/test";

/** Settings > Members as an admin sees it, and the page behind an invite link. */
export class MembersPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/settings/members");
    await expect(this.page.getByRole("heading", { name: "Members", level: 1 })).toBeVisible();
  }

  /** Invites `email` as `role`, copies the link with the page's Copy button, and returns what was copied. */
  async invite(email: string, role: "member" | "viewer" | "admin") {
    await this.page.getByTestId("invite-email").fill(email);
    await this.page.getByTestId("invite-role").selectOption(role);
    await this.page.getByTestId("invite-submit").click();
    const shown = this.page.getByTestId("created-link");
    await expect(shown).toHaveText(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await this.page.getByRole("button", { name: "Copy link" }).click();
    const copied = await this.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await shown.textContent());
    return copied;
  }

  row(email: string) {
    return this.page.locator(`[data-testid="member-row"][data-email="${email}"]`);
  }

  async act(email: string, action: "deactivate" | "reactivate" | "signout" | "remove" | "reset") {
    await this.row(email).getByTestId("member-actions").locator("summary").click();
    await this.row(email).getByTestId(`member-${action}`).click();
  }
}

/** Opens an invite link in a browser of its own and creates the account. */
export async function acceptInvite(page: Page, url: string, name: string, password: string) {
  await page.goto(url);
  await expect(page.getByRole("heading", { name: "Join Fleetwatch" })).toBeVisible();
  await page.getByTestId("link-name").fill(name);
  await page.getByTestId("link-password").fill(password);
  await page.getByTestId("link-confirm").fill(password);
  await page.getByTestId("link-submit").click();
}

/**
 * A browser of someone else: no cookies. (Inside a test, browser.newContext() inherits the file's `use`
 * options, the admin's storageState included, unless told otherwise.)
 */
export function freshContext(browser: Browser) {
  return browser.newContext({ colorScheme: "light", storageState: { cookies: [], origins: [] } });
}
