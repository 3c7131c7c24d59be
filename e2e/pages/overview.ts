import { expect, type Page } from "@playwright/test";
import { createAndSwitch } from "./projects";

/** A fresh project of its own (so figures are exact whatever other specs sent), switched to, with a key. */
export async function freshProject(page: Page, name: string): Promise<string> {
  await createAndSwitch(page, name);
  await page.goto("/settings");
  await page.getByTestId("key-name").fill(`${name} runner`);
  for (const scope of ["ingest", "read"] as const) await page.getByTestId(`scope-${scope}`).setChecked(true);
  await page.getByTestId("create-key").click();
  const key = (await page.getByTestId("created-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^fw_/);
  return key;
}

export class OverviewPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/${query}`);
    await expect(this.page.getByRole("heading", { name: "Overview", exact: true })).toBeVisible();
    await expect(this.page.getByTestId("overview")).toBeVisible();
  }

  stat(name: "jobs" | "success" | "spend" | "cost-per-success" | "agents" | "issues") {
    return this.page.getByTestId(`stat-${name}`);
  }

  attention(section: "issues" | "stalled" | "offline" | "budgets") {
    return this.page.getByTestId(`attention-${section}`);
  }

  async preset(p: "1h" | "24h" | "7d" | "30d") {
    await this.page.getByTestId(`range-${p}`).click();
    await expect(this.page.getByTestId(`range-${p}`)).toHaveAttribute("aria-pressed", "true");
  }

  /** A custom range typed into the picker (local time of the browser, like a user would). */
  async custom(from: Date, to: Date) {
    const local = await this.page.evaluate(
      ([f, t]) =>
        [f, t].map((ms) => {
          const d = new Date(ms as number);
          return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
        }),
      [from.getTime(), to.getTime()],
    );
    await this.page.getByTestId("range-custom").click();
    await this.page.getByTestId("range-from").fill(local[0] as string);
    await this.page.getByTestId("range-to").fill(local[1] as string);
    await this.page.getByTestId("range-apply").click();
    await expect(this.page.getByTestId("range-custom")).toHaveAttribute("aria-pressed", "true");
  }
}
