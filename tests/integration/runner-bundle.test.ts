// The hook and fleetwatch-report run as plain JavaScript from bin/dist (no compile step per call); the
// bundles are committed, so this fails when they differ from a fresh build of lib/runner-client.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM build script
import { buildRunner, ENTRIES } from "../../scripts/build-runner.mjs";

const root = path.resolve(import.meta.dirname, "../..");

describe("bin/dist", () => {
  it("holds exactly what npm run build:runner makes of the sources", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "fw-runner-"));
    try {
      await buildRunner(out);
      for (const name of Object.keys(ENTRIES as Record<string, string>)) {
        const fresh = fs.readFileSync(path.join(out, `${name}.mjs`), "utf8");
        const committed = fs.readFileSync(path.join(root, "bin", "dist", `${name}.mjs`), "utf8");
        expect(committed === fresh, `bin/dist/${name}.mjs is stale: run npm run build:runner`).toBe(true);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
