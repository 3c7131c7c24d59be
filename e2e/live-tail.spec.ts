// A running job's page tails its transcript: entries the runner reports after the page opened appear without a
// reload, and when the job ends the page shows its outcome.
import { postEvents } from "./events";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE, colorScheme: "light" });

const iso = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();

test("the transcript of a running job grows as the runner reports, and the page shows when it ends", async ({
  page,
}) => {
  const slug = `tail-${Date.now().toString(36)}`;
  const key = await freshProject(page, slug);
  const job = `${slug}-j1`;
  const event = (id: string, type: string, secondsAgo: number, data: object) => ({
    id: `${job}-${id}`,
    type,
    time: iso(secondsAgo),
    job,
    agent: "tailer",
    data,
  });
  await postEvents(page.request, key, [
    event("s", "job.started", 60, { title: "Tail me", harness: "claude-code", model: "claude-sonnet-4-5" }),
    event("m1", "job.message", 50, { role: "assistant", text: "Reading the failing test first." }),
  ]);
  await page.goto(`/jobs/${encodeURIComponent(job)}`);
  await expect(page.getByTestId("job-title")).toHaveText("Tail me");
  await expect(page.getByText("Reading the failing test first.")).toBeVisible();

  // reported after the page opened (posted without waiting for the projection: the page polls for it)
  const post = (events: object[]) =>
    page.request.post("/api/v1/events", { headers: { authorization: `Bearer ${key}` }, data: { events } });
  expect(
    (
      await post([event("m2", "job.message", 5, { role: "assistant", text: "The fix is one line." })])
    ).status(),
  ).toBe(200);
  await expect(page.getByText("The fix is one line.")).toBeVisible({ timeout: 10_000 });

  expect(
    (await post([event("c", "job.completed", 1, { summary: "Fixed the flaky login test" })])).status(),
  ).toBe(200);
  await expect(page.getByTestId("job-status").first()).toHaveText(/succeeded/, { timeout: 10_000 });
});
