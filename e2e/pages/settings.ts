import { expect, type Page } from "@playwright/test";

export class SettingsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings");
    await expect(this.page.getByRole("heading", { name: "Settings" })).toBeVisible();
  }

  /** Creates a key with the given scopes and returns the secret shown once. */
  async createKey(name: string, scopes: ("ingest" | "read")[]) {
    await this.page.getByTestId("key-name").fill(name);
    for (const scope of ["ingest", "read"] as const) {
      await this.page.getByTestId(`scope-${scope}`).setChecked(scopes.includes(scope));
    }
    await this.page.getByTestId("create-key").click();
    const key = (await this.page.getByTestId("created-key").textContent())?.trim() ?? "";
    expect(key).toMatch(/^fw_/);
    return key;
  }

  /** Opens Settings and creates an ingest-only key; returns it. */
  async createIngestKey(label: string) {
    await this.goto();
    return this.createKey(`${label} ${Date.now()}`, ["ingest"]);
  }
}
