import { expect, type Page } from "@playwright/test";

export class StandupsPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/standups${query}`);
    await expect(this.page.getByRole("heading", { name: "Standups", exact: true })).toBeVisible();
  }

  day() {
    return this.page.getByTestId("standup-day");
  }

  agent(name: string) {
    return this.page.locator(`[data-testid="agent-standup"][data-agent="${name}"]`);
  }

  section(agent: string, key: "done" | "problems" | "blocked" | "open" | "spend" | "next") {
    return this.agent(agent).getByTestId(`section-${key}`);
  }

  /** Clicks "Copy as Markdown" and reads the clipboard back (needs clipboard permissions). */
  async copyMarkdown(): Promise<string> {
    await this.page.getByTestId("copy-markdown").click();
    await expect(this.page.getByTestId("copy-markdown")).toHaveText(/Copied/);
    return this.page.evaluate(() => navigator.clipboard.readText());
  }
}

export class StandupSettingsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/standups");
    await expect(this.page.getByRole("heading", { name: "Standups & webhooks" })).toBeVisible();
  }

  /** Adds a webhook and returns the signing secret shown once. */
  async addWebhook(name: string, url: string): Promise<string> {
    await this.page.getByTestId("webhook-name").fill(name);
    await this.page.getByTestId("webhook-url").fill(url);
    await this.page.getByTestId("add-webhook").click();
    const secret = (await this.page.getByTestId("webhook-secret").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);
    await this.page.getByRole("button", { name: "Done" }).click();
    return secret;
  }

  webhook(name: string) {
    return this.page.locator(`[data-testid="webhook-row"][data-name="${name}"]`);
  }

  async saveSchedule(time: string | null) {
    await this.page.getByTestId("schedule-enabled").setChecked(time !== null);
    if (time) await this.page.getByTestId("schedule-time").fill(time);
    await expect(this.page.getByTestId("schedule-zone")).toContainText("UTC time");
    await this.page.getByTestId("schedule-save").click();
    await expect(this.page.getByTestId("schedule-message")).toHaveText("Saved.");
  }
}
