// The standups page reads the standup without its Markdown (getStandupView): its copy button builds the Markdown
// in the browser from the structure it was sent. That Markdown must be the very text the API and webhooks send.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { DAY, loadFixtureDay, NEXT_MORNING } from "@/lib/standups/fixture.test-helper";
import { standupToMarkdown } from "@/lib/standups/markdown";
import { getStandup, getStandupView } from "@/lib/standups/queries";
import type { StandupView } from "@/lib/standups/schemas";
import { createTestProject, openTestDb } from "../helpers/db";

const BASE = "https://fw.example";

describe("the standups page's data", () => {
  let handle: DbHandle;
  let projectId: string;

  beforeAll(async () => {
    handle = await openTestDb();
    projectId = (await createTestProject(handle)).id;
    await loadFixtureDay(handle.db, projectId);
  });
  afterAll(async () => {
    await handle.close();
  });

  for (const agent of [null, "builder"]) {
    it(`carries no Markdown, and the copy button's Markdown is the API's (${agent ?? "fleet"})`, async () => {
      const args = { db: handle.db, projectId, date: DAY, agent, now: NEXT_MORNING };
      const view = await getStandupView(args);
      const api = await getStandup({ ...args, baseUrl: BASE });
      expect(Object.keys(view).sort()).toEqual(["date", "next", "previous", "standup"]);
      const { markdown, ...rest } = api;
      expect(view).toEqual(rest);
      // The page sends the structure to the browser as JSON (dehydrated); the copy button then calls
      // standupToMarkdown(standup, { baseUrl: FLEETWATCH_URL ?? the page's origin }).
      const sent = JSON.parse(JSON.stringify(view)) as StandupView;
      expect(standupToMarkdown(sent.standup, { baseUrl: BASE })).toBe(markdown);
      // The fixture day's fleet standup names the builder with its headline (standups.test.ts writes it out).
      expect(markdown).toContain("## builder — 1 failed · 1 blocked");
    });
  }
});
