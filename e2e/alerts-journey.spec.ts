// Issue 15's journey in one browser: an admin adds a signed webhook destination and a "new issue" rule in the UI,
// a runner's job fails, the evaluator (every 3 s in e2e: FLEETWATCH_ALERT_EVALUATE_EVERY_SECONDS) opens an
// incident, the delivery worker posts it to a receiver this test runs, the Alerts page lists it, and the admin
// acknowledges it from the console, which the receiver hears about too.
import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { failingJob, postEvents } from "./events";
import { ADMIN_STATE, expect, shot, test } from "./fixtures";
import { DestinationsPage } from "./pages/destinations";
import { freshProject } from "./pages/overview";

test.use({ storageState: ADMIN_STATE });

type Received = { headers: Record<string, string | string[] | undefined>; body: string };

test("a rule made in the UI opens an incident from failing events, the receiver gets it, the console acknowledges it", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const slug = `journey-${randomUUID().slice(0, 6)}`;
    const key = await freshProject(page, slug);

    // 1. a signed webhook destination, from the settings page
    const dest = new DestinationsPage(page);
    await dest.goto();
    await dest.add("ops hook", "webhook", { "dest-url": `${base}/hook` });
    const secret = await dest.takeSecret();

    // 2. a rule: any new issue, sent to that destination
    await page.goto("/settings/alerts");
    await page.getByTestId("rule-new").click();
    await page.getByTestId("rule-name").fill("Any new issue");
    await page.getByTestId("rule-kind").selectOption("issue_new");
    await page.getByTestId("rule-severity").selectOption("critical");
    await page.getByTestId("target-destinations").check();
    await page
      .getByTestId("rule-destinations")
      .getByLabel(/ops hook/)
      .check();
    await page.getByTestId("rule-save").click();
    await expect(page.getByTestId("rule-row").filter({ hasText: "Any new issue" })).toBeVisible();

    // 3. a runner reports a failing job: a new issue
    await postEvents(request, key, failingJob("journey-agent", "Error: journey probe lost its database", 1));

    // 4. the incident shows on the Alerts page (the evaluator ticks every 3 s)
    await expect(async () => {
      await page.goto("/alerts");
      await expect(page.getByTestId("incident-row").first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 45_000 });
    await expect(page.getByTestId("incident-row").first()).toContainText("journey probe");
    await shot(page, "alerts-journey-firing");

    // 5. the receiver got the trigger, signed with the destination's secret
    await expect.poll(() => got.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const trigger = got[0] as Received;
    expect(trigger.headers["fleetwatch-event"]).toBe("alert.trigger");
    const [, t, v1] =
      /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(trigger.headers["fleetwatch-signature"])) ?? [];
    expect(createHmac("sha256", secret).update(`${t}.${trigger.body}`).digest("hex")).toBe(v1);
    const message = JSON.parse(trigger.body).message as { title: string; severity: string; url: string };
    expect(message.severity).toBe("critical");
    expect(message.title).toContain("journey probe");

    // 6. acknowledged from the console: the incident says so, and the receiver hears it
    await page.getByTestId("incident-row").first().getByTestId("incident-link").click();
    await page.getByTestId("incident-ack").click();
    await expect(page.getByTestId("incident-status")).toHaveText(/acknowledged/i);
    await shot(page, "alerts-journey-acknowledged");
    await expect
      .poll(() => got.map((g) => g.headers["fleetwatch-event"]), { timeout: 30_000 })
      .toContain("alert.acknowledge");
  } finally {
    server.close();
  }
});
