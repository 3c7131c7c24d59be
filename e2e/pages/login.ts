import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(readonly page: Page) {}

  async fill({ name, email, password }: { name?: string; email: string; password: string }) {
    if (name !== undefined) await this.page.getByTestId("auth-name").fill(name);
    await this.page.getByTestId("auth-email").fill(email);
    await this.page.getByTestId("auth-password").fill(password);
    await this.page.getByTestId("auth-submit").click();
  }

  async login(email: string, password: string) {
    await this.page.goto("/login");
    await this.fill({ email, password });
  }

  async expectOnLogin() {
    await expect(this.page).toHaveURL(/\/login/);
    await expect(this.page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  }
}
