// Settings > Alert destinations in a browser: add a Slack and a signed-webhook destination pointing at a
// receiver this test runs on 127.0.0.1 (the server runs with FLEETWATCH_WEBHOOK_ALLOW_PRIVATE=1), "Send test"
// each, see the outcome and the delivery in the destination's log, disable and delete. The Slack message
// received is rendered as a small static page (header, context, text, fields, buttons) and screenshotted.
import { createHmac } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Page } from "@playwright/test";
import { slackPayload } from "@/lib/delivery/render-slack";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { DestinationsPage } from "./pages/destinations";

test.use({ storageState: ADMIN_STATE });

const SHOTS =
  process.env.DELIVERY_SHOTS_DIR ??
  path.resolve(import.meta.dirname, "..", "test-results-e2e", "delivery-shots");

async function shots(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

type SlackBlock = {
  type: string;
  text?: { text: string };
  elements?: { text: string | { text: string } }[];
  fields?: { text: string }[];
};

/** Slack's mrkdwn as HTML, enough to look at: the text arrives escaped (&amp; &lt; &gt;), *bold*, <url|label>. */
function mrkdwn(text: string): string {
  return text
    .replace(/<([^|>]+)\|([^>]+)>/g, (_m, url, label) => `<a href="${url}">${label}</a>`)
    .replace(/<!date\^\d+\^[^|]+\|([^>]+)>/g, "$1")
    .replace(/\*([^*\n]+)\*/g, "<b>$1</b>")
    .replace(/:[a-z_]+:/g, "●")
    .replace(/\n/g, "<br>");
}
const plain = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function renderSlack(payloads: { blocks: SlackBlock[] }[]): string {
  const parts = payloads.flatMap((p) => [
    ...p.blocks.map((b) => {
      if (b.type === "header") return `<div class="h">${plain(b.text?.text ?? "")}</div>`;
      if (b.type === "context")
        return `<div class="c">${(b.elements ?? []).map((e) => mrkdwn(typeof e.text === "string" ? e.text : "")).join(" ")}</div>`;
      if (b.type === "section" && b.fields)
        return `<div class="f">${b.fields.map((f) => `<div>${mrkdwn(f.text)}</div>`).join("")}</div>`;
      if (b.type === "section") return `<div class="s">${mrkdwn(b.text?.text ?? "")}</div>`;
      if (b.type === "actions")
        return `<div class="a">${(b.elements ?? []).map((e) => `<span>${plain(typeof e.text === "string" ? e.text : e.text.text)}</span>`).join("")}</div>`;
      return "";
    }),
    '<hr style="border:0;border-top:1px solid #eee;margin:14px 0">',
  ]);
  // data: icon: the page keeps the console's URL, and Chromium would ask the console for /favicon.ico
  return `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="font:15px/1.45 -apple-system,Segoe UI,sans-serif;background:#f8f8f8;margin:0;padding:24px">
<style>.m{background:#fff;border:1px solid #ddd;border-radius:8px;padding:16px 20px;max-width:640px;display:flex;gap:12px}
.av{width:36px;height:36px;border-radius:6px;background:#1d4ed8;color:#fff;font-weight:700;display:grid;place-items:center}
.h{font-weight:800;font-size:18px;margin:4px 0}.c{color:#616061;font-size:13px}.s{margin:8px 0}
.f{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin:8px 0}.a span{display:inline-block;border:1px solid #ccc;border-radius:4px;padding:4px 12px;margin:8px 8px 0 0;font-weight:600;font-size:13px}
a{color:#1264a3;text-decoration:none}</style>
<div class="m"><div class="av">F</div><div><b>Fleetwatch</b> <span class="c">APP</span>${parts.join("\n")}</div></div></body></html>`;
}

test("add Slack and webhook destinations, send tests to a local receiver, see the deliveries", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const got: { path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ path: req.url ?? "", headers: req.headers, body });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dest = new DestinationsPage(page);
  try {
    await dest.goto();
    await expect(page.getByTestId("settings-tab-alerts-destinations")).toHaveAttribute(
      "aria-current",
      "page",
    );

    // the metadata service is refused even with private targets allowed
    await dest.add(`metadata ${stamp}`, "slack", { "dest-url": "http://169.254.169.254/latest/" });
    await expect(page.getByTestId("destination-add-error")).toContainText("Fleetwatch will not send there");

    const slack = `#fleet-alerts ${stamp}`;
    await dest.add(slack, "slack", { "dest-url": `${base}/services/T000/B000/secret-token` });
    await expect(dest.row(slack)).toBeVisible();
    // the token path of a Slack URL is not shown back
    await expect(dest.row(slack)).toContainText(`${base}/…`);
    await expect(dest.row(slack)).not.toContainText("secret-token");
    await dest.sendTest(slack);
    await expect(dest.row(slack).getByTestId("destination-outcome")).toHaveText(
      "Delivered (HTTP 200, 1 attempt).",
    );
    await expect(page.getByTestId("delivery-log-card")).toContainText(`Deliveries: ${slack}`);
    await expect(dest.logRows()).toHaveCount(1);
    await expect(dest.logRows().first()).toContainText("Test");
    await expect(page.getByTestId("delivery-log-status").first()).toHaveText("sent");
    await expect(page.getByTestId("delivery-log-response").first()).toHaveText("HTTP 200");
    expect(got).toHaveLength(1);
    expect(got[0]?.path).toBe("/services/T000/B000/secret-token");
    const slackBody = JSON.parse(got[0]?.body ?? "{}");
    expect(slackBody.text).toContain("*[INFO] Fleetwatch test notification*");
    expect(slackBody.blocks.map((b: SlackBlock) => b.type)).toEqual([
      "header",
      "context",
      "section",
      "section",
      "actions",
    ]);

    const hook = `ops hook ${stamp}`;
    await dest.add(hook, "webhook", { "dest-url": `${base}/hook` });
    const secret = await dest.takeSecret();
    await expect(dest.row(hook)).toContainText("secret set");
    await dest.sendTest(hook);
    await expect(dest.row(hook).getByTestId("destination-outcome")).toHaveText(
      "Delivered (HTTP 200, 1 attempt).",
    );
    await expect(page.getByTestId("delivery-log-card")).toContainText(`Deliveries: ${hook}`);
    await expect(dest.logRows()).toHaveCount(1);
    const received = got[1];
    expect(received?.headers["fleetwatch-event"]).toBe("alert.test");
    const [, t, v1] =
      /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(received?.headers["fleetwatch-signature"])) ?? [];
    expect(createHmac("sha256", secret).update(`${t}.${received?.body}`).digest("hex")).toBe(v1);
    expect(JSON.parse(received?.body ?? "{}")).toMatchObject({ type: "alert", version: 1, event: "test" });
    await shots(page, "destinations");

    // disable: the row says so and stays disabled after a reload
    await dest.row(hook).getByTestId("destination-enabled").click();
    await expect(dest.row(hook)).toContainText("(disabled)");
    await page.reload();
    await expect(dest.row(hook).getByTestId("destination-enabled")).not.toBeChecked();

    // the add form for other kinds
    await page.getByTestId("dest-kind").selectOption("pagerduty");
    await expect(page.getByTestId("dest-routing-key")).toBeVisible();
    await shots(page, "destinations-pagerduty-form");

    for (const name of [slack, hook]) {
      page.once("dialog", (d) => void d.accept());
      await dest.row(name).getByTestId("destination-delete").click();
      await expect(dest.row(name)).toHaveCount(0);
    }

    // what the Slack test looks like, rendered from the received blocks
    // and what an incident looks like (a hostile title stays text: no @channel, no disguised link)
    const incident = slackPayload({
      event: "trigger",
      incidentId: null,
      dedupKey: "demo",
      title: "Agent builder-7 offline <!channel> & <http://evil.example|click>",
      text: "No heartbeat for 12 minutes (threshold 10 minutes).",
      severity: "critical",
      project: { slug: "prod", name: "Production" },
      url: "https://fleet.example.com/alerts/incidents/1",
      ackUrl: "https://fleet.example.com/a/ack?t=1",
      resolveUrl: "https://fleet.example.com/a/resolve?t=1",
      fields: [
        { label: "Agent", value: "builder-7" },
        { label: "Last seen", value: "12 min ago" },
      ],
      occurredAt: new Date().toISOString(),
    }) as unknown as { blocks: SlackBlock[] };
    await page.setContent(renderSlack([slackBody, incident]));
    await page.setViewportSize({ width: 720, height: 400 });
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "slack-message.png"), fullPage: true });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
