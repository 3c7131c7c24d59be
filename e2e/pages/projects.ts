import { expect, type Page } from "@playwright/test";

/** Settings > Projects: the list with rename and delete, and the form that creates one. */
export class ProjectsPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/settings/projects");
    await expect(this.page.getByRole("heading", { level: 1, name: "Projects", exact: true })).toBeVisible();
  }

  row(slug: string) {
    return this.page.getByTestId(`project-row-${slug}`);
  }

  /** Creates a project; the console stays where it was until "Switch to it" (switchTo) is clicked. */
  async create(slug: string, { switchTo }: { switchTo: boolean }) {
    await this.goto();
    const before = await this.page.getByTestId("project-switcher").inputValue();
    await this.page.getByLabel("New project name").fill(slug);
    await this.page.getByRole("button", { name: "Create project" }).click();
    await expect(this.page.getByTestId("project-created")).toContainText(slug);
    await expect(this.row(slug)).toBeVisible();
    await expect(this.page.getByTestId("project-switcher")).toHaveValue(before);
    if (!switchTo) return;
    await this.page.getByTestId("switch-to-created").click();
    await expect(this.page.getByTestId("project-switcher")).toHaveValue(slug);
  }
}

/** A project of the test's own, switched to (other specs post to the default project, in any order). */
export async function createAndSwitch(page: Page, slug: string) {
  await new ProjectsPage(page).create(slug, { switchTo: true });
}
