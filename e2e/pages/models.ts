import { expect, type Page } from "@playwright/test";

export class ModelsPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/models${query}`);
    await expect(this.page.getByRole("heading", { name: "Models", exact: true })).toBeVisible();
  }

  cell(model: string, harness: string) {
    return this.page.locator(`[data-testid="matrix-cell"][data-model="${model}"][data-harness="${harness}"]`);
  }

  async metric(label: string) {
    await this.page.getByTestId("matrix-metric").selectOption({ label });
  }

  async compare(o: { dimension?: "model" | "harness"; a: string; b: string; match?: string }) {
    const form = this.page.getByTestId("compare-form");
    await form.getByTestId("compare-dimension").selectOption(o.dimension ?? "model");
    await form.getByTestId("compare-a").selectOption(o.a);
    await form.getByTestId("compare-b").selectOption(o.b);
    await form.getByTestId("compare-match").selectOption(o.match ?? "repo");
    await form.getByTestId("compare-go").click();
    await expect(this.page.getByTestId("compare-result")).toBeVisible();
  }

  /** Clicks a CSV link; returns the file's suggested name and its text. */
  async download(testId: string) {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId(testId).click(),
    ]);
    const path = await download.path();
    const fs = await import("node:fs");
    return { name: download.suggestedFilename(), text: fs.readFileSync(path, "utf8") };
  }
}
