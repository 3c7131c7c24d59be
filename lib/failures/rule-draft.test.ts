import { describe, expect, it } from "vitest";
import { EMPTY_DRAFT, toBody } from "./rule-draft";

describe("rule form drafts", () => {
  it("turns blank inputs into nulls and numbers into numbers", () => {
    expect(
      toBody({ ...EMPTY_DRAFT, name: "OOM", exit_code: "137", priority: " ", error_type: "OOMKilled" }),
    ).toEqual({
      name: "OOM",
      failure_class: "infra",
      error_type: "OOMKilled",
      code: null,
      exit_code: 137,
      message_pattern: null,
      tool: null,
      harness: null,
      model: null,
      enabled: true,
    });
    expect(toBody({ ...EMPTY_DRAFT, priority: "5" }).priority).toBe(5);
  });
});
