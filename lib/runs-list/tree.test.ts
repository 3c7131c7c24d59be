import { describe, expect, it } from "vitest";
import { runTree } from "./tree";

const j = (ext: string, parent: string | null = null, retry: string | null = null) => ({
  id: `id-${ext}`,
  external_id: ext,
  parent_job: parent,
  retry_of: retry,
});

describe("runTree", () => {
  it("indents children under parents, a retry beside its attempt, root_job-only jobs under the root", () => {
    // jobs in start order, as the list API gives them
    const jobs = [
      j("A"),
      j("A-r1", "A"),
      j("A-r2", "A"),
      j("A-sub", "A-r1"),
      j("A-r2b", "A", "A-r2"),
      j("A-fix"),
    ];
    const tree = runTree(jobs, "id-A").map((n) => `${"  ".repeat(n.depth)}${n.job.external_id}`);
    expect(tree).toEqual(["A", "  A-r1", "    A-sub", "  A-r2", "  A-r2b", "  A-fix"]);
  });

  it("still shows every job when parent links loop", () => {
    const jobs = [j("R"), j("X", "Y"), j("Y", "X")];
    expect(runTree(jobs, "id-R").map((n) => n.job.external_id)).toEqual(["R", "X", "Y"]);
  });
});
