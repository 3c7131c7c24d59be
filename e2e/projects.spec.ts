// Projects (issue 19, point 13): creating one in Settings > Projects leaves the console where it is until
// "Switch to it"; an admin renames one (the name only) and deletes one by typing its slug, and it disappears
// from the list and the project menu at once.
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { ProjectsPage } from "./pages/projects";

test.use({ storageState: ADMIN_STATE });

const suffix = () => Date.now().toString(36);

test("creating a project keeps the console on the project in view; switch to it and back", async ({
  page,
}) => {
  const projects = new ProjectsPage(page);
  const slug = `staging-${suffix()}`;
  await projects.goto();
  await page.getByTestId("project-switcher").selectOption("default");
  await expect(page.getByTestId("project-switcher")).toHaveValue("default");
  // create: the menu still shows Default, the page offers the switch
  await projects.create(slug, { switchTo: false });
  await page.goto("/settings");
  await expect(page.getByText("Project Default (default)")).toBeVisible();
  // the new project is in the menu, and switching is the user's own choice
  await projects.goto();
  await page.getByTestId("project-switcher").selectOption(slug);
  await expect(page.getByTestId("project-switcher")).toHaveValue(slug);
  await page.goto("/jobs");
  await expect(page.getByTestId("first-event")).toBeVisible(); // a new project has no jobs yet
  await page.goto("/settings");
  await expect(page.getByText(`Project ${slug} (${slug})`)).toBeVisible();
  await page.getByTestId("project-switcher").selectOption("default");
  await expect(page.getByText("Project Default (default)")).toBeVisible();
});

test("an admin renames a project and deletes another by typing its slug", async ({ page }) => {
  const projects = new ProjectsPage(page);
  const keep = `fleet-${suffix()}`;
  const doomed = `doomed-${suffix()}`;
  await projects.create(keep, { switchTo: true });
  await projects.create(doomed, { switchTo: false });
  await page.setViewportSize({ width: 1440, height: 900 });
  await shot(page, "projects-01-list");

  // rename: the name changes everywhere, the slug stays
  await projects.row(keep).getByTestId("rename-project").click();
  await expect(page.getByText(`The slug ${keep} stays`)).toBeVisible();
  await page.getByTestId("rename-input").fill("Production fleet");
  await shot(page, "projects-02-rename");
  await page.getByTestId("rename-save").click();
  await expect(page.getByTestId("projects-notice")).toHaveText(`Renamed ${keep} to "Production fleet".`);
  await expect(projects.row(keep).getByTestId("project-name")).toContainText("Production fleet");
  await expect(page.getByTestId("project-switcher").locator("option:checked")).toHaveText("Production fleet");

  // delete: the button stays off until the slug is typed; a wrong slug is not enough
  await projects.row(doomed).getByTestId("delete-project").click();
  const confirm = page.getByTestId("delete-confirm");
  await expect(confirm).toBeDisabled();
  await page.getByTestId("delete-confirm-input").fill(keep);
  await expect(confirm).toBeDisabled();
  await page.getByTestId("delete-confirm-input").fill(doomed);
  await expect(confirm).toBeEnabled();
  await shot(page, "projects-03-delete-confirm");
  await confirm.click();
  await expect(page.getByTestId("projects-notice")).toHaveText(
    `Deleted ${doomed}. Its data is being removed in the background.`,
  );
  await expect(projects.row(doomed)).toHaveCount(0);
  // the "Switch to it" offer of the project just deleted is gone too
  await expect(page.getByTestId("project-created")).toHaveCount(0);
  await expect(page.getByTestId("project-switcher").locator(`option[value="${doomed}"]`)).toHaveCount(0);
  // the console stayed on the renamed project
  await expect(page.getByTestId("project-switcher")).toHaveValue(keep);
  await shot(page, "projects-04-deleted");

  await page.setViewportSize({ width: 390, height: 844 });
  await projects.goto();
  await projects.row(keep).getByTestId("delete-project").click();
  await shot(page, "projects-05-mobile");
  const width = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(width[0]).toBeLessThanOrEqual(width[1] ?? 0);
});
