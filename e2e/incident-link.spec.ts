// The signed acknowledge link of an alert notification, in a browser without a session: opening it only shows
// the confirm page (the incident stays firing); the button acknowledges it; a tampered link is refused.
import { createHmac, randomUUID } from "node:crypto";
import { expect, shot, test } from "./fixtures";
import { withDb } from "./members";

/** Signs like lib/alerts/links.ts: base64url(claims) "." HMAC-SHA256 with a key derived from the auth secret. */
function sign(secret: string, claims: object): string {
  const key = createHmac("sha256", secret).update("fleetwatch:incident-link:v1").digest();
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${payload}.${createHmac("sha256", key).update(payload).digest("base64url")}`;
}

test("a signed ack link opens a confirm page, and its button acknowledges the incident", async ({
  browser,
}) => {
  const incidentId = randomUUID();
  const secret = await withDb(async (sql) => {
    const [p] = await sql<
      { id: string }[]
    >`insert into project (slug, name) values ('e2e-alerts', 'E2E alerts')
      on conflict (slug) do update set name = excluded.name returning id`;
    const [rule] = await sql<
      { id: string }[]
    >`insert into alert_rule (project_id, name, kind, resolve_after_seconds)
      values (${p?.id ?? ""}, 'Stalled jobs', 'job_stalled', 86400) returning id`; // the e2e evaluator ticks: a day before it resolves
    await sql`insert into incident (id, project_id, rule_id, group_key, severity, title)
      values (${incidentId}, ${p?.id ?? ""}, ${rule?.id ?? ""}, 'project', 'critical', 'Job j-42 stalled (no event for 1200s)')`;
    // the server generated its auth secret at first start (no BETTER_AUTH_SECRET in the e2e environment)
    const [s] = await sql<{ value: string }[]>`select value from instance_setting where key = 'auth_secret'`;
    return s?.value ?? "";
  });
  expect(secret).not.toBe("");
  const token = sign(secret, { i: incidentId, a: "ack", e: Date.now() + 3_600_000 });
  const context = await browser.newContext(); // no session: the token is the credential
  const page = await context.newPage();

  await page.goto(`/incident-link?token=${encodeURIComponent(`${token.slice(0, -2)}xx`)}`);
  await expect(page.getByTestId("incident-link-error")).toHaveText(
    "This link is not valid. Open the incident in the console instead.",
  );

  await page.goto(`/incident-link?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole("heading", { name: "Job j-42 stalled (no event for 1200s)" })).toBeVisible();
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await shot(page, `incident-link-confirm-${w}`);
  }
  const status = () =>
    withDb(
      async (sql) => (await sql`select status, acknowledged_by from incident where id = ${incidentId}`)[0],
    );
  expect(await status()).toEqual({ status: "firing", acknowledged_by: null }); // opening the link changed nothing
  await page.getByTestId("incident-link-confirm").click();
  await expect(page.getByTestId("incident-link-done")).toHaveText("Incident acknowledged.");
  expect(await status()).toEqual({ status: "acknowledged", acknowledged_by: "signed link" });
  await expect(page.getByTestId("incident-link-status")).toHaveText("critical · acknowledged");
  await shot(page, "incident-link-done-390");
  await context.close();
});
