// Standups: read yesterday's standup as a person would, follow a line to its transcript, copy it as
// Markdown, move between days and agents; then deliver it: a webhook to a local receiver that checks the
// signature, a test send, and the daily schedule firing from the server's own loop.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { freshProject } from "./pages/overview";
import { StandupSettingsPage, StandupsPage } from "./pages/standups";

test.use({ storageState: ADMIN_STATE });

const stamp = Date.now().toString(36);
const SCOUT = `e2e-scout-${stamp}`;
const REVIEWER = `e2e-reviewer-${stamp}`;
const IDLE = `e2e-idle-${stamp}`;
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const YESTERDAY = dayOf(Date.now() - DAY_MS); // the project's days are UTC (set below)
const at = (hhmm: string, day = YESTERDAY) => `${day}T${hhmm}:00Z`;
const longDay = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString("en-US", {
    weekday: "long",
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "UTC",
  });

function yesterdayEvents() {
  const j = (name: string) => `${name}-${stamp}`;
  return [
    {
      id: `${j("a")}-s`,
      type: "job.started",
      time: at("09:00"),
      job: j("a"),
      agent: SCOUT,
      data: { title: "Add retry to the payments client", harness: "claude-code", model: "claude-sonnet-4-5" },
    },
    {
      id: `${j("a")}-u`,
      type: "job.usage",
      time: at("09:10"),
      job: j("a"),
      data: { model: "claude-sonnet-4-5", input_tokens: 1200, output_tokens: 300, cost_usd: 0.25 },
    },
    {
      id: `${j("a")}-c`,
      type: "job.completed",
      time: at("09:30"),
      job: j("a"),
      data: { artifacts: [{ kind: "pr", url: "https://github.com/acme/payments/pull/77" }] },
    },
    {
      id: `${j("b")}-s`,
      type: "job.started",
      time: at("10:58"),
      job: j("b"),
      agent: SCOUT,
      data: { title: "Build docker image", harness: "claude-code" },
    },
    {
      id: `${j("b")}-f`,
      type: "job.failed",
      time: at("11:00"),
      job: j("b"),
      data: { error: { message: "Killed (exit code 137): the container ran out of memory (OOMKilled)" } },
    },
    {
      id: `${j("c")}-q`,
      type: "job.queued",
      time: at("15:00"),
      job: j("c"),
      agent: SCOUT,
      data: { title: "Upgrade Node to 22" },
    },
    {
      id: `${j("r")}-s`,
      type: "job.started",
      time: at("14:00"),
      job: j("r"),
      agent: REVIEWER,
      data: { title: "Review dependency bump", harness: "claude-code" },
    },
    {
      id: `${j("r")}-l`,
      type: "job.log",
      time: at("14:02"),
      job: j("r"),
      data: { level: "warn", message: "Claude needs your permission to use Bash" },
    },
    {
      id: `${j("i")}-h`,
      type: "agent.heartbeat",
      time: at("08:00", dayOf(Date.now() - 2 * DAY_MS)),
      agent: IDLE,
      data: { status: "idle" },
    },
  ];
}

test("read yesterday's standup, open a transcript, copy it as Markdown", async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  // a project of its own: other specs post failing jobs "minutes ago", which is yesterday just after midnight
  const key = await freshProject(page, `standups-${stamp}`);
  const settings = new StandupSettingsPage(page);
  await settings.goto();
  await settings.saveSchedule(null);
  await postEvents(request, key, yesterdayEvents());

  const standups = new StandupsPage(page);
  await standups.goto();
  await expect(standups.day()).toHaveText(longDay(YESTERDAY));
  await expect(standups.agent(SCOUT).getByTestId("agent-headline")).toHaveText(
    "1 done · 1 failed · $0.25 · 1 queued",
  );
  await expect(standups.section(SCOUT, "done")).toContainText("Add retry to the payments client — PR #77");
  await expect(standups.section(SCOUT, "problems")).toContainText("(infra) — Build docker image (11:00)");
  await expect(standups.section(SCOUT, "spend")).toContainText("$0.25 on 1.5k tokens (1.2k in, 300 out)");
  await expect(standups.section(SCOUT, "next")).toContainText("Upgrade Node to 22 (queued 15:00)");
  await expect(standups.section(REVIEWER, "blocked")).toContainText(
    "Waiting for permission: Review dependency bump since 14:02 — “Claude needs your permission to use Bash”",
  );
  await expect(standups.page.getByTestId("standup-summary")).toContainText("Top failure classes: infra");
  await shot(page, "standups-yesterday");

  const markdown = await standups.copyMarkdown();
  expect(markdown).toContain(`## ${SCOUT} — 1 done · 1 failed · $0.25 · 1 queued`);
  expect(markdown).toMatch(
    /- \[Add retry to the payments client\]\(http:\/\/127\.0\.0\.1:\d+\/jobs\/[0-9a-f-]{36}\) — \[PR #77\]\(https:\/\/github\.com\/acme\/payments\/pull\/77\)/,
  );

  await standups
    .section(SCOUT, "done")
    .getByRole("link", { name: "Add retry to the payments client" })
    .click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("job-title")).toHaveText("Add retry to the payments client");
  await page.goBack();

  // the day before: nothing from these agents; back to yesterday
  await page.getByTestId("day-previous").click();
  await expect(page).toHaveURL(new RegExp(`date=${dayOf(Date.now() - 2 * DAY_MS)}`));
  await expect(standups.day()).toHaveText(longDay(dayOf(Date.now() - 2 * DAY_MS)));
  await expect(standups.agent(SCOUT)).toHaveCount(0);
  await page.getByTestId("day-next").click();
  await expect(standups.day()).toHaveText(longDay(YESTERDAY));
  await expect(page).not.toHaveURL(/date=/);

  // one agent, and an agent with nothing to report
  await page.getByTestId("filter-agent").selectOption(SCOUT);
  await expect(page).toHaveURL(new RegExp(`agent=${SCOUT}`));
  await expect(page.getByTestId("agent-standup")).toHaveCount(1);
  await standups.goto(`?agent=${IDLE}`);
  await expect(page.getByTestId("standup-quiet")).toHaveText(`Quiet: ${IDLE} — nothing to report.`);
  await expect(page.getByTestId("agent-standup")).toHaveCount(0);

  await standups.goto();
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(standups.agent(SCOUT)).toBeVisible();
  await shot(page, "standups-dark");
});

test("deliver standups to a webhook: test send, then the daily schedule", async ({ page }) => {
  test.setTimeout(150_000);
  const got: { event: string; body: string; signature: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({
        event: String(req.headers["fleetwatch-event"]),
        body,
        signature: String(req.headers["fleetwatch-signature"]),
      });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/standup`;
  const verify = (secret: string, r: { body: string; signature: string }) => {
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(r.signature) ?? [];
    return !!t && createHmac("sha256", secret).update(`${t}.${r.body}`).digest("hex") === v1;
  };

  try {
    const settings = new StandupSettingsPage(page);
    await settings.goto();
    // the cloud metadata service is refused on save, even with FLEETWATCH_WEBHOOK_ALLOW_PRIVATE=1 (as here)
    await page.getByTestId("webhook-name").fill(`metadata ${stamp}`);
    await page.getByTestId("webhook-url").fill("http://169.254.169.254/latest/meta-data/");
    await page.getByTestId("add-webhook").click();
    await expect(page.getByTestId("webhook-add-error")).toHaveText(
      "Fleetwatch will not send there: 169.254.169.254 is the cloud metadata service (never allowed)",
    );
    await expect(settings.webhook(`metadata ${stamp}`)).toHaveCount(0);
    const name = `receiver ${stamp}`;
    const secret = await settings.addWebhook(name, url);
    await settings.webhook(name).getByTestId("webhook-test").click();
    await expect(settings.webhook(name).getByTestId("webhook-outcome")).toHaveText(
      "Delivered (HTTP 200, 1 attempt).",
    );
    expect(got).toHaveLength(1);
    expect(got[0]?.event).toBe("standup.test");
    expect(verify(secret, got[0] ?? { body: "", signature: "" })).toBe(true);
    const test = JSON.parse(got[0]?.body ?? "{}");
    expect(test.text.split("\n")[0]).toBe(`# [Test] Standup: Default, ${longDay(YESTERDAY)}`);
    expect(test.fleetwatch).toMatchObject({ type: "standup", test: true, day: YESTERDAY });
    await expect(page.getByTestId("delivery-row").first()).toContainText(`Test of ${YESTERDAY}`);
    await expect(page.getByTestId("delivery-status").first()).toHaveText("delivered");

    // a standup time already passed today: the server's scheduler (a tick a minute) posts yesterday's
    await settings.saveSchedule("00:00");
    await expect
      .poll(() => got.filter((g) => g.event === "standup").length, { timeout: 90_000, intervals: [2_000] })
      .toBe(1);
    const scheduled = got.find((g) => g.event === "standup");
    expect(verify(secret, scheduled ?? { body: "", signature: "" })).toBe(true);
    expect(JSON.parse(scheduled?.body ?? "{}").fleetwatch).toMatchObject({ test: false, day: YESTERDAY });
    await page.reload();
    await expect(page.getByTestId("delivery-row").first()).toContainText(`Standup of ${YESTERDAY}`);
    await expect(page.getByTestId("last-run")).toContainText(
      `Last scheduled run: the standup of ${YESTERDAY}, sent`,
    );
    await shot(page, "standups-settings");

    await settings.saveSchedule(null);
    page.once("dialog", (d) => void d.accept());
    await settings.webhook(name).getByTestId("webhook-delete").click();
    await expect(settings.webhook(name)).toHaveCount(0);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
