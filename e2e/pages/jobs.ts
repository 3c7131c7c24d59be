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

  /** Searches transcripts from the search box (the URL's q). */
  async search(q: string) {
    await this.page.getByTestId("jobs-search").fill(q);
    await this.page.getByTestId("jobs-search").press("Enter");
  }

  hits() {
    return this.page.getByTestId("transcript-hit");
  }

  async filterStatus(status: string) {
    await this.page.getByTestId("filter-status").selectOption(status);
  }

  async open(title: string) {
    await this.row(title).getByTestId("job-link").click();
    await expect(this.page.getByTestId("job-title")).toHaveText(title);
  }
}
