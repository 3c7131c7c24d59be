// Security headers on every kind of response, a page policy that admits only the console's own scripts, and
// a script injected into a page refused by it. (Every other test fails on a CSP violation: e2e/fixtures.ts.)
import { type APIResponse, type Browser, expect } from "@playwright/test";
import { ADMIN_STATE, isCspViolation, test } from "./fixtures";

test.use({ storageState: ADMIN_STATE });

function expectBaseHeaders(res: APIResponse, what: string) {
  const h = res.headers();
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["x-frame-options"], what).toBe("DENY");
  expect(h["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  // The e2e server has no https public URL (FLEETWATCH_URL unset): no HSTS, no upgrade of http requests.
  expect(h["strict-transport-security"], what).toBeUndefined();
  expect(h["content-security-policy"], what).not.toContain("upgrade-insecure-requests");
  // One policy, not two stacked ones (two would both apply).
  expect(h["content-security-policy"]?.split("\n"), what).toHaveLength(1);
}

const directive = (csp: string, name: string) =>
  csp
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

test("pages carry a nonce'd script policy, fresh per response; API routes and assets a deny-all one", async ({
  page,
  playwright,
  baseURL,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const pages = [
    ["console page", await page.request.get("/failures")],
    ["login page", await anonymous.get("/login")],
    ["redirect to login", await anonymous.get("/jobs", { maxRedirects: 0 })],
    ["not found page", await page.request.get("/no-such-page")],
  ] as const;
  const nonces = new Set<string>();
  for (const [what, res] of pages) {
    expectBaseHeaders(res, what);
    const csp = res.headers()["content-security-policy"] ?? "";
    const scripts = directive(csp, "script-src") ?? "";
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scripts)?.[1];
    expect(nonce, what).toBeTruthy();
    nonces.add(nonce as string);
    expect(scripts, what).toContain("'strict-dynamic'");
    expect(scripts, what).not.toContain("unsafe-inline");
    expect(scripts, what).not.toContain("unsafe-eval"); // production build
    expect(directive(csp, "frame-ancestors"), what).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src"), what).toBe("object-src 'none'");
    if (res.status() === 200) {
      // Every script tag of the HTML carries this response's nonce (Next.js's and the theme script alike).
      const html = await res.text();
      const tags = html.match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length, what).toBeGreaterThan(0);
      expect(
        tags.filter((t) => !t.includes(`nonce="${nonce}"`)),
        what,
      ).toEqual([]);
    }
  }
  expect(nonces.size).toBe(pages.length);

  const html = await (await anonymous.get("/login")).text();
  const asset = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1] as string;
  const others = [
    ["health", await anonymous.get("/api/health")],
    ["openapi", await anonymous.get("/api/v1/openapi.json")],
    ["401 from the API", await anonymous.get("/api/v1/jobs")],
    ["auth route", await anonymous.get("/api/auth/get-session")],
    ["script asset", await anonymous.get(asset)],
  ] as const;
  for (const [what, res] of others) {
    expectBaseHeaders(res, what);
    expect(res.headers()["content-security-policy"], what).toBe(
      "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
  }
  await anonymous.dispose();
});

/** A context of its own: the violation below is the point, so the fixture's guard must not see it. */
async function isolatedPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, storageState: ADMIN_STATE });
  return { context, page: await context.newPage() };
}

test("markup injected into a console page runs no script; the console's own scripts do", async ({
  browser,
  baseURL,
}) => {
  const { context, page } = await isolatedPage(browser, baseURL ?? "");
  const violations: string[] = [];
  page.on("console", (m) => {
    if (isCspViolation(m.text())) violations.push(m.text());
  });
  await page.goto("/failures");
  await expect(page.getByRole("heading", { name: "Failures", exact: true })).toBeVisible();
  // What injected markup (an XSS) does: an inline event handler, and a javascript: link clicked.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML(
      "beforeend",
      `<img src="/missing.png" onerror="window.__pwned = 'handler'">
       <a id="xss-link" href="javascript:window.__pwned = 'link'">x</a>`,
    );
    document.getElementById("xss-link")?.click();
  });
  // Once the image has failed (its handler would have run by then), neither payload has run.
  await expect
    .poll(() =>
      page.evaluate(() => document.querySelector<HTMLImageElement>('img[src="/missing.png"]')?.complete),
    )
    .toBe(true);
  await expect.poll(() => violations.length).toBe(2);
  expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(violations.join("\n")).toMatch(/inline event handler/);
  expect(violations.join("\n")).toMatch(/JavaScript URL/);
  // The page is alive: client navigation (React) still works under the policy.
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Jobs", exact: true })).toBeVisible();
  await context.close();
});
