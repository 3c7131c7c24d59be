import { expect, type Page } from "@playwright/test";

/** Settings > Audit log. */
export class AuditPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/audit");
    await expect(this.page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  }

  rows(action?: string) {
    const rows = this.page.getByTestId("audit-row");
    return action ? this.page.locator(`[data-testid="audit-row"][data-action="${action}"]`) : rows;
  }

  async filterByAction(prefix: string) {
    await this.page.getByLabel("Action", { exact: true }).fill(prefix);
    await this.page.getByTestId("audit-apply").click();
    await expect(this.page).toHaveURL(new RegExp(`action=${prefix.replaceAll(".", "\\.")}`));
  }
}
