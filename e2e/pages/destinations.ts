import { expect, type Page } from "@playwright/test";

export class DestinationsPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/settings/alerts/destinations${query}`);
    await expect(this.page.getByRole("heading", { name: "Alert destinations", exact: true })).toBeVisible();
  }

  row(name: string) {
    return this.page.locator(`[data-testid="destination-row"][data-name="${name}"]`);
  }

  /** Fills the add form for a kind and submits it. */
  async add(name: string, kind: "slack" | "webhook" | "email" | "pagerduty", fields: Record<string, string>) {
    await this.page.getByTestId("dest-kind").selectOption(kind);
    await this.page.getByTestId("dest-name").fill(name);
    for (const [testId, value] of Object.entries(fields)) await this.page.getByTestId(testId).fill(value);
    await this.page.getByTestId("add-destination").click();
  }

  /** The signing secret shown once after adding a webhook (then closes the notice). */
  async takeSecret(): Promise<string> {
    const secret = (await this.page.getByTestId("destination-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);
    await this.page.getByRole("button", { name: "Done" }).click();
    return secret;
  }

  async sendTest(name: string) {
    await this.row(name).getByTestId("destination-test").click();
  }

  logRows() {
    return this.page.getByTestId("delivery-log-row");
  }
}
