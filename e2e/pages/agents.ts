import { expect, type Page } from "@playwright/test";

/** The agents board, an agent's page, and the fleet thresholds form in Settings. */
export class AgentsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/agents");
    await expect(this.page.getByRole("heading", { name: "Agents", exact: true })).toBeVisible();
  }

  rows() {
    return this.page.getByTestId("agent-row");
  }

  row(name: string) {
    return this.page.locator(`[data-testid="agent-row"][data-agent="${name}"]`);
  }

  status(name: string) {
    return this.row(name).getByTestId("agent-status");
  }

  /** The agents' names, top to bottom. */
  order() {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-agent")));
  }

  async open(name: string) {
    await this.row(name).getByTestId("agent-link").click();
    await expect(this.page.getByTestId("agent-name")).toHaveText(name);
  }

  /** Marks the document, so a test can tell later that the page was never reloaded or left. */
  async markDocument() {
    await this.page.evaluate(() => {
      (window as unknown as { __fwMark?: boolean }).__fwMark = true;
    });
  }

  async expectSameDocument() {
    expect(await this.page.evaluate(() => (window as unknown as { __fwMark?: boolean }).__fwMark)).toBe(true);
  }

  /** Fills and saves Settings > Fleet thresholds (minutes) on `page`; returns the message shown. */
  static async saveThresholds(
    page: Page,
    { timezone, stall, offline }: { timezone: string; stall: number; offline: number },
  ) {
    if (!page.url().endsWith("/settings")) await page.goto("/settings");
    const form = page.getByTestId("thresholds-form");
    await form.getByTestId("threshold-timezone").selectOption(timezone);
    await form.getByTestId("threshold-stall").fill(String(stall));
    await form.getByTestId("threshold-offline").fill(String(offline));
    await form.getByTestId("save-thresholds").click();
    const message = form.getByTestId("thresholds-message");
    await expect(message).toBeVisible();
    return message;
  }
}
