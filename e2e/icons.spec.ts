// The app icons load for anyone (the login page has them too): served as images, not redirected to login, with
// the deny-all policy of responses that are not documents (an SVG could carry a script).
import { expect, test } from "./fixtures";

test("the app icons load without a session, and every page links them", async ({ page, request }) => {
  for (const [path, type] of [
    ["/icon.svg", "image/svg+xml"],
    ["/apple-icon.png", "image/png"],
  ] as const) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toContain(type);
    expect(res.headers()["content-security-policy"], path).toContain("default-src 'none'");
  }
  await page.goto("/login");
  await expect(page.locator('link[rel="icon"][href^="/icon.svg"]')).toHaveCount(1);
  await expect(page.locator('link[rel="apple-touch-icon"][href^="/apple-icon.png"]')).toHaveCount(1);
  const icon = await page.locator('link[rel="icon"]').getAttribute("href");
  expect((await request.get(icon ?? "", { maxRedirects: 0 })).status()).toBe(200);
});
