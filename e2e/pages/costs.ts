import fs from "node:fs";
import { expect, type Page } from "@playwright/test";

export class CostsPage {
  constructor(readonly page: Page) {}

  async goto(params: Record<string, string> = {}) {
    await this.page.goto(`/costs?${new URLSearchParams(params)}`);
    await expect(this.page.getByRole("heading", { name: "Costs", exact: true })).toBeVisible();
  }

  kpi(name: "spend" | "tokens" | "cache" | "unpriced" | "mtd") {
    return this.page.getByTestId(`kpi-${name}-value`);
  }

  budget(name: string) {
    return this.page.getByTestId("budget-row").filter({ hasText: name });
  }

  async addBudget(b: {
    name: string;
    scope: "project" | "agent" | "model";
    target?: string;
    period: "daily" | "monthly";
    amount: number;
    warn: number;
  }) {
    await this.page.getByTestId("budget-add").click();
    const form = this.page.getByTestId("budget-form");
    await form.getByTestId("budget-name").fill(b.name);
    await form.getByTestId("budget-scope").selectOption(b.scope);
    if (b.target) await form.getByTestId("budget-target").fill(b.target);
    await form.getByTestId("budget-period").selectOption(b.period);
    await form.getByTestId("budget-amount").fill(String(b.amount));
    await form.getByTestId("budget-warn").fill(String(b.warn));
    await form.getByTestId("budget-save").click();
    await expect(this.budget(b.name)).toBeVisible();
  }

  /** Clicks a section's CSV button; returns the file's suggested name and its text. */
  async download(testId: string) {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByTestId(testId).click(),
    ]);
    const file = await download.path();
    return { name: download.suggestedFilename(), text: fs.readFileSync(file, "utf8") };
  }
}

export class PricesPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/prices");
    await expect(this.page.getByRole("heading", { name: "Model prices" })).toBeVisible();
  }

  rows(model: string) {
    return this.page.locator(`[data-testid="price-row"][data-model="${model}"]`);
  }

  async fill(p: { provider?: string; model?: string; from: string; input: number; output: number }) {
    const form = this.page.getByTestId("price-form");
    if (p.provider) await form.getByTestId("price-provider").fill(p.provider);
    if (p.model) await form.getByTestId("price-model").fill(p.model);
    await form.getByTestId("price-effective-from").fill(p.from);
    await form.getByTestId("price-input").fill(String(p.input));
    await form.getByTestId("price-output").fill(String(p.output));
    await form.getByTestId("price-save").click();
    await expect(this.page.getByTestId("price-saved")).toContainText(p.from);
  }

  async addModel(p: { provider: string; model: string; from: string; input: number; output: number }) {
    await this.page.getByTestId("price-add").click();
    await this.fill(p);
  }

  /** A price change of `model` from a date: a new row copied from its newest one. */
  async newPrice(model: string, p: { from: string; input: number; output: number }) {
    await this.page.getByTestId("prices-filter").fill(model);
    await this.rows(model).first().getByTestId("price-new").click();
    await this.fill(p);
  }

  /** Re-applies the table to history from the date the form suggests (the last saved price's). */
  async reapply(from: string) {
    await expect(this.page.getByTestId("reprice-from")).toHaveValue(from);
    await this.page.getByTestId("reprice").click();
    await expect(this.page.getByTestId("reprice-result")).toContainText(`from ${from}`, { timeout: 30_000 });
    return (await this.page.getByTestId("reprice-result").textContent()) ?? "";
  }
}
