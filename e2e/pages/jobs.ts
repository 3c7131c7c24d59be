import { expect, type Page } from "@playwright/test";

export class JobsPage {
  constructor(readonly page: Page) {}

  rows() {
    return this.page.getByTestId("job-row");
  }

  row(title: string) {
    return this.rows().filter({ hasText: title });
  }

  async goto(query = "") {
    await this.page.goto(`/jobs${query}`);
    await expect(this.page.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();
  }

  async filterStatus(status: string) {
    await this.page.getByTestId("filter-status").selectOption(status);
  }

  async open(title: string) {
    await this.row(title).getByTestId("job-link").click();
    await expect(this.page.getByTestId("job-title")).toHaveText(title);
  }
}
