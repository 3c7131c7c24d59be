// What an export holds went through validation, redaction and truncation when it was first ingested; sending it
// through them again (an import) must change nothing: the data is stored as exported, with nothing redacted twice.
import { describe, expect, it } from "vitest";
import { parseEvent } from "@/lib/ingest/protocol";
import { MAX_TOOL_OUTPUT_CHARS, sanitizeEvent } from "@/lib/ingest/redact";
import { FleetStream } from "@/lib/simulator";

const NOW = new Date("2026-11-20T15:10:00Z");

/** The event as stored (parsed, sanitized), then as exported: JSON of the stored fields. */
function storedThenExported(raw: unknown) {
  const parsed = parseEvent(raw, NOW);
  if (!parsed.ok) throw new Error(parsed.error);
  const first = sanitizeEvent(parsed.event);
  const e = first.event;
  const line = JSON.parse(
    JSON.stringify({
      id: e.id,
      type: e.type,
      time: e.time.toISOString(),
      job: e.job,
      agent: e.agent,
      seq: e.seq,
      data: e.data,
    }),
  );
  const again = parseEvent(line, NOW);
  if (!again.ok) throw new Error(again.error);
  return { first, second: sanitizeEvent(again.event) };
}

const base = { type: "job.tool_result", time: "2026-11-20T10:00:00Z", job: "j1" };

describe("re-ingesting exported events", () => {
  it("leaves a simulated fleet's events as they were stored, redacting nothing twice", () => {
    const stream = new FleetStream({ agents: 4, days: 1, jobsPerDay: 30, seed: 5, now: NOW.getTime() });
    let n = 0;
    for (const raw of stream.until(NOW.getTime())) {
      const { first, second } = storedThenExported(raw);
      expect(second.event.data).toEqual(first.event.data);
      expect(second.redactions).toBe(0);
      n++;
    }
    expect(n).toBeGreaterThan(1000);
  });

  it("keeps secrets' markers as they are: the second pass finds nothing to redact", () => {
    const secrets = {
      call_id: "c1",
      output: `token ghp_${"a1B2".repeat(9)} and sk-ant-api03-${"Zz9".repeat(10)}; "password": "s3cr3t-pw"`,
      env: { AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY", apiKey: "abc-123-xyz" },
    };
    const { first, second } = storedThenExported({ ...base, id: "s1", data: secrets });
    expect(first.redactions).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(first.event.data)).not.toContain("s3cr3t-pw");
    expect(second.event.data).toEqual(first.event.data);
    expect(second.redactions).toBe(0);
  });

  it("does not cut a cut output again, though redaction made it longer than the limit, and keeps its size", () => {
    // 150,000 characters: cut to 100,000 (head 80%, tail 20%); the tail holds 20 `password='k9Zq'` whose 4-character
    // values become 28-character markers: 20 x 24 = 480 characters more. The cut itself leaves 99,999 characters
    // (its marker is sized for "100000 characters kept" but says 99,9xx, one digit fewer): 100,479 stored.
    const tail = " password='k9Zq'".repeat(20);
    const output = "x".repeat(150_000 - tail.length) + tail;
    const { first, second } = storedThenExported({ ...base, id: "big", data: { call_id: "c1", output } });
    expect(first.truncatedFrom).toBe(150_000);
    expect((first.event.data.output as string).length).toBe(MAX_TOOL_OUTPUT_CHARS - 1 + 480);
    expect(second.event.data).toEqual(first.event.data);
    expect(second.truncatedFrom).toBe(150_000); // read back from the marker: the transcript still says so
  });

  it("still cuts an output that only claims to have been cut (a forged marker on a huge output)", () => {
    const forged = `${"x".repeat(200_000)}\n…[truncated by Fleetwatch: 5 bytes originally, 1 characters kept]…\n`;
    const parsed = parseEvent({ ...base, id: "f", data: { call_id: "c1", output: forged } }, NOW);
    if (!parsed.ok) throw new Error(parsed.error);
    const s = sanitizeEvent(parsed.event);
    // its size in UTF-8: ASCII, but for the two "…" of the forged marker (3 bytes for 1 character each)
    expect(s.truncatedFrom).toBe(forged.length + 4);
    expect((s.event.data.output as string).length).toBeLessThanOrEqual(MAX_TOOL_OUTPUT_CHARS);
  });
});
