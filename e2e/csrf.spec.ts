// CSRF: a page on another port of the same host (same site, so the browser sends the SameSite=Lax session cookie
// along) tries to triage an issue, add a rule and create a key with the signed-in admin's cookie; direct
// requests forge Origin. Nothing changes, and the console itself keeps working.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext } from "@playwright/test";
import { failingJob, postEvents } from "./events";
import { ADMIN_STATE, expect, test } from "./fixtures";
import { createUser, signedIn, withDb } from "./members";
import { callAction, findAction } from "./server-actions";

test.use({ storageState: ADMIN_STATE });
// The attacker page's refused requests log errors in its console: that is the point of these tests.
test.use({ expectedConsoleErrors: /status of 403|blocked by CORS policy|net::ERR_FAILED/ });

const KEYS = "lib/auth/key-actions.ts";

/** Serves `html` at / on 127.0.0.1 and a free port: the attacker's site. */
async function attackerSite(html: string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function openIssue(api: APIRequestContext, request: APIRequestContext, key: string, token: string) {
  await postEvents(request, key, failingJob("csrf-target", `Segfault in ${token} worker`, 5));
  const res = await api.get("/api/v1/issues?project=default&state=open");
  const { issues } = (await res.json()) as { issues: { id: string; title: string; state: string }[] };
  const issue = issues.find((i) => i.title.includes(token));
  expect(issue?.state).toBe("new");
  return issue as { id: string };
}

const issueState = async (api: APIRequestContext, id: string) =>
  ((await (await api.get(`/api/v1/issues/${id}?project=default`)).json()) as { state: string }).state;
const ruleNames = async (api: APIRequestContext) =>
  (
    (await (await api.get("/api/v1/failure-rules?project=default")).json()) as { rules: { name: string }[] }
  ).rules.map((r) => r.name);
const keyCount = (name: string) =>
  withDb(
    async (sql) => (await sql`select count(*)::int as n from api_key where name = ${name}`)[0]?.n as number,
  );

test("a page on another port cannot triage, add a rule or create a key with the admin's cookie", async ({
  page,
  request,
  settingsPage,
  baseURL,
}) => {
  const consoleOrigin = new URL(baseURL ?? "").origin;
  const key = await settingsPage.createIngestKey("csrf");
  const issue = await openIssue(page.request, request, key, "csrfprobe");
  const action = findAction(KEYS, "createKeyAction");

  // The attacks a hostile page can make: a text/plain form post (the JSON smuggled in a field name; into a new
  // window, since the console refuses to be framed), no-cors fetches (the browser sends them without asking),
  // a JSON fetch (needs a CORS preflight), a server action.
  const site = await attackerSite(`<!doctype html><body>
<form id="bulk" method="POST" enctype="text/plain" target="_blank"
      action="${consoleOrigin}/api/v1/issues/bulk-triage?project=default">
  <input name='{"ids":["${issue.id}"],"action":{"action":"resolve"},"pad":"' value='"}'>
</form>
<script>
  const C = ${JSON.stringify(consoleOrigin)};
  const hit = (url, init) => fetch(C + url, { credentials: "include", ...init }).then((r) => r.type, (e) => "blocked");
  const text = (body) => ({ method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: JSON.stringify(body) });
  document.getElementById("bulk").submit();
  Promise.all([
    hit("/api/v1/issues/${issue.id}/triage?project=default", text({ action: "resolve" })),
    hit("/api/v1/failure-rules?project=default", text({ name: "csrf rule", failure_class: "infra" })),
    hit("/api/v1/failure-rules?project=default", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "csrf rule", failure_class: "infra" }) }),
    hit("/settings", { method: "POST", headers: { "next-action": "${action.id}", "content-type": "text/plain" },
      body: JSON.stringify([{ name: "csrf key", scopes: ["ingest", "read"] }]) }),
  ]).then((r) => { document.title = "done " + r.join(","); });
</script>`);
  try {
    const answers: string[] = [];
    page.context().on("response", (r) => {
      if (r.request().method() === "POST" && r.url().startsWith(consoleOrigin))
        answers.push(`${new URL(r.url()).pathname} ${r.status()}`);
    });
    await page.goto(site.origin);
    // The two no-cors posts and the form post reach the console and are refused; the JSON fetch and the server
    // action need a preflight the console never grants, so the browser does not send them.
    await expect(page).toHaveTitle(/^done opaque,opaque,blocked,blocked$/);
    await expect.poll(() => answers.length).toBe(3);
    expect(answers.sort()).toEqual(
      [
        "/api/v1/failure-rules 403",
        "/api/v1/issues/bulk-triage 403",
        `/api/v1/issues/${issue.id}/triage 403`,
      ].sort(),
    );
  } finally {
    await site.close();
  }
  expect(await issueState(page.request, issue.id)).toBe("new");
  expect(await ruleNames(page.request)).not.toContain("csrf rule");
  expect(await keyCount("csrf key")).toBe(0);

  // The console's own pages still triage (same cookie, own origin).
  const own = await page.request.post(`/api/v1/issues/${issue.id}/triage?project=default`, {
    headers: { origin: consoleOrigin },
    data: { action: "resolve" },
  });
  expect(own.status()).toBe(200);
  expect(await issueState(page.request, issue.id)).toBe("resolved");
});

test("forged Origin with the session cookie: 403 with a message; text/plain and forms: 415", async ({
  page,
  baseURL,
}) => {
  const consoleOrigin = new URL(baseURL ?? "").origin;
  const evil = consoleOrigin.replace(/:(\d+)$/, (_m, p) => `:${Number(p) + 1}`); // the next port
  const rule = { name: "forged rule", failure_class: "infra" };
  const forged = await page.request.post("/api/v1/failure-rules?project=default", {
    headers: { origin: evil },
    data: rule,
  });
  expect(forged.status()).toBe(403);
  const body = (await forged.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("cross_origin");
  expect(body.error.message).toContain(`Origin ${evil} is not this console's (${consoleOrigin})`);
  const siteOnly = await page.request.post("/api/v1/failure-rules?project=default", {
    headers: { "sec-fetch-site": "same-site" },
    data: rule,
  });
  expect(siteOnly.status()).toBe(403);
  for (const contentType of [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
  ]) {
    const res = await page.request.post("/api/v1/failure-rules?project=default", {
      headers: { origin: consoleOrigin, "content-type": contentType },
      data: JSON.stringify(rule),
    });
    expect(res.status(), contentType).toBe(415);
  }
  expect(await ruleNames(page.request)).not.toContain("forged rule");
});

test("server actions refuse another port's Origin (Next.js compares it with Host), and run from the console's own", async ({
  page,
  baseURL,
}) => {
  const consoleOrigin = new URL(baseURL ?? "").origin;
  const evil = consoleOrigin.replace(/:(\d+)$/, (_m, p) => `:${Number(p) + 1}`);
  const args = (name: string) => [{ name, scopes: ["ingest"] }];
  const forged = await callAction(page.request, KEYS, "createKeyAction", args("forged key"), {
    origin: evil,
  });
  expect(forged.status).toBe(500); // Next.js: "Invalid Server Actions request.", the action never runs
  expect(await keyCount("forged key")).toBe(0);
  const thresholds = { timezone: "Asia/Tokyo", stall_after_seconds: 120, offline_after_seconds: 240 };
  await callAction(page.request, "lib/projects/settings-actions.ts", "saveThresholdsAction", [thresholds], {
    origin: evil,
  });
  const zone = await withDb(
    async (sql) => (await sql`select timezone from project where slug = 'default'`)[0],
  );
  expect(zone?.timezone).not.toBe("Asia/Tokyo");

  const own = await callAction(page.request, KEYS, "createKeyAction", args("own key"), {
    origin: consoleOrigin,
  });
  expect(own.status).toBe(200);
  expect(await keyCount("own key")).toBe(1);
});

test("better-auth refuses a cross-origin sign-out and profile change; the session lives on", async ({
  baseURL,
}) => {
  const consoleOrigin = new URL(baseURL ?? "").origin;
  const evil = consoleOrigin.replace(/:(\d+)$/, (_m, p) => `:${Number(p) + 1}`);
  const member = await signedIn(baseURL ?? "", await createUser("member"));
  for (const [path, data] of [
    ["/api/auth/sign-out", {}],
    ["/api/auth/update-user", { name: "Mallory" }],
  ] as const) {
    const res = await member.post(path, { headers: { origin: evil }, data });
    expect(res.status(), path).toBe(403);
  }
  const session = await member.get("/api/auth/get-session");
  expect(((await session.json()) as { user: { name: string } }).user.name).toBe("Test member");
  await member.dispose();
});
