import { describe, expect, it } from "vitest";
import type { IngestEvent } from "./protocol";
import {
  MAX_TOOL_OUTPUT_CHARS,
  REDACTION_KINDS,
  redactText,
  redactValue,
  sanitizeEvent,
  TRUNCATION_MARKER_PATTERN,
  truncateToolOutput,
  utf8ByteLength,
} from "./redact";

// Fake secrets in the real formats, built here so no scanner mistakes this file for a leak.
const fill = (n: number, alphabet = "aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zC") =>
  alphabet.repeat(Math.ceil(n / alphabet.length)).slice(0, n);
const AWS_ID_CHARS = "Q7W2E9R4T6Y8U3I5OPAS";
const pem = (label: string, headers = "", lines = 4) =>
  [
    `-----BEGIN ${label}-----`,
    headers,
    ...Array.from({ length: lines }, (_, i) => fill(64, `Mi${i % 10}EvQ+/`)),
  ]
    .filter(Boolean)
    .concat(`${fill(20)}==`, `-----END ${label}-----`)
    .join("\n");

const fake = {
  anthropic: `sk-ant-api03-${fill(93, "xY9_kQ2-mN7pR4sT")}AA`,
  openaiProject: `sk-proj-${fill(156, "Tz8_Lq3-Vb6nW1")}`,
  openaiLegacy: `sk-${fill(20)}T3BlbkFJ${fill(20)}`,
  ghp: `ghp_${fill(36)}`,
  githubPat: `github_pat_11${fill(20, "ABCDE0123456789")}_${fill(59)}`,
  glpat: `glpat-${fill(20, "xZ_3k-9Lm")}`,
  slackBot: `xoxb-2384720134-5432109876543-${fill(24)}`,
  slackHookPath: `T0ABCDE12/B0FGHIJ34/${fill(24)}`,
  stripe: `sk_live_${fill(99)}`,
  google: `AIza${fill(35, "Sy_B9k-Xq2")}`,
  npm: `npm_${fill(36)}`,
  huggingface: `hf_${fill(34)}`,
  awsId: `AKIA${fill(16, AWS_ID_CHARS)}`,
  awsTempId: `ASIA${fill(16, AWS_ID_CHARS)}`,
  awsSecret: fill(40, "wJalrXUtnFEMI/K7MDENG+bPxRfiCY"),
  awsSession: fill(356, "IQoJb3JpZ2luX2VjE/+"),
  jwt: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib3QiLCJpYXQiOjE3MDB9.${fill(43, "dBjf_JeZ4C-VFO")}`,
  opaque: fill(40, "7f3kQ9xT2bLm"),
  basic: "YWRtaW46aHVudGVyMjI=",
};

type Case = [kind: string, secret: string, render: (s: string) => string];
const cases: Case[] = [
  ["anthropic_key", fake.anthropic, (s) => `export ANTHROPIC_API_KEY=${s}`],
  ["anthropic_key", fake.anthropic, (s) => JSON.stringify({ headers: { "x-api-key": s }, model: "claude" })],
  ["openai_key", fake.openaiProject, (s) => `{"api_key": "${s}", "org": "acme"}`],
  ["openai_key", fake.openaiLegacy, (s) => `openai.api_key = os.getenv("X") or '${s}'`],
  ["github_token", fake.ghp, (s) => `git push https://${s}@github.com/acme/app.git main`],
  ["github_token", fake.githubPat, (s) => `gh auth login --with-token <<< ${s}`],
  ["gitlab_token", fake.glpat, (s) => `curl --header "PRIVATE-TOKEN: ${s}" https://gitlab.com/api/v4/user`],
  [
    "slack_token",
    fake.slackBot,
    (s) => `curl -H "Authorization: Bearer ${s}" https://slack.com/api/auth.test`,
  ],
  ["slack_webhook", fake.slackHookPath, (s) => `POST https://hooks.slack.com/services/${s} -> 200 ok`],
  ["stripe_key", fake.stripe, (s) => `stripe.api_key = ${s}\n`],
  [
    "google_api_key",
    fake.google,
    (s) => `GET https://maps.googleapis.com/maps/api/geocode/json?key=${s}&a=1`,
  ],
  ["npm_token", fake.npm, (s) => `//registry.npmjs.org/:_authToken=${s}\n`],
  ["huggingface_token", fake.huggingface, (s) => `huggingface-cli login --token ${s}`],
  ["aws_access_key_id", fake.awsId, (s) => `aws configure set aws_access_key_id ${s}`],
  ["aws_access_key_id", fake.awsTempId, (s) => `{"AccessKeyId": "${s}", "Expiration": "2026-01-01"}`],
  ["aws_secret_access_key", fake.awsSecret, (s) => `[default]\naws_secret_access_key = ${s}\nregion = eu`],
  ["aws_secret_access_key", fake.awsSecret, (s) => `{"SecretAccessKey": "${s}", "Expiration": "x"}`],
  ["aws_secret_access_key", fake.awsSecret, (s) => `AWS_SECRET_ACCESS_KEY=${s} terraform apply`],
  ["aws_session_token", fake.awsSession, (s) => `{\\"SessionToken\\": \\"${s}\\"}`],
  ["jwt", fake.jwt, (s) => `Authorization: Bearer ${s}`],
  ["bearer_token", fake.opaque, (s) => `curl -sS -H 'Authorization: Bearer ${s}' https://api.acme.dev/v1/me`],
  ["bearer_token", fake.opaque, (s) => `{"authorization":"bearer ${s}"}`],
  ["basic_auth", fake.basic, (s) => `Authorization: Basic ${s}\r\nHost: x`],
  ["basic_auth", "hunter22", (s) => `curl -u admin:${s} https://ci.acme.dev/api/json`],
  ["url_password", "s3cr3t!", (s) => `psql postgres://admin:${s}@db.internal:5432/app -c 'select 1'`],
  ["url_password", "p@ss:w0rd", (s) => `Error: connect ECONNREFUSED redis://:${s}@cache:6379/0`],
  ["query_secret", "c8f1e2d3a4b5", (s) => `GET /oauth/cb?code=ok&access_token=${s}&state=xyz HTTP/1.1`],
  ["secret_assignment", "hunter22", (s) => `docker run -e DB_PASSWORD=${s} -e PORT=5432 postgres`],
  ["secret_assignment", "correct horse battery", (s) => `export STRIPE_WEBHOOK_SECRET="${s}"`],
  ["secret_assignment", "hunter22", (s) => `const cfg = { user: "app", clientSecret: '${s}' };`],
  ["private_key", pem("RSA PRIVATE KEY"), (s) => `$ cat id_rsa\n${s}\n$ ls`],
  ["private_key", pem("OPENSSH PRIVATE KEY"), (s) => JSON.stringify({ key: s }).slice(1, -1)],
  ["private_key", pem("EC PRIVATE KEY"), (s) => `key: |\n${s}`],
  ["private_key", pem("PRIVATE KEY"), (s) => `private_key=${s}`],
  ["private_key", pem("ENCRYPTED PRIVATE KEY"), (s) => s],
  ["private_key", pem("RSA PRIVATE KEY", "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,2F8A3C\n"), (s) => s],
];

describe("redactText", () => {
  it.each(cases)("redacts %s and changes nothing else (#%#)", (kind, secret, render) => {
    const r = redactText(render(secret));
    expect(r.text).toBe(render(`[REDACTED:${kind}]`));
    expect(r.count).toBe(1);
    expect(r.kinds).toEqual({ [kind]: 1 });
    expect(redactText(r.text)).toEqual({ text: r.text, count: 0, kinds: {} });
  });

  it("covers every declared kind", () => {
    expect(new Set(cases.map(([kind]) => kind))).toEqual(new Set(REDACTION_KINDS));
  });

  it("keeps a URL's scheme, user and host, and the word Bearer", () => {
    expect(redactText("postgres://admin:pw123@db.internal:5432/app").text).toBe(
      "postgres://admin:[REDACTED:url_password]@db.internal:5432/app",
    );
    expect(redactText(`Authorization: Bearer ${fake.opaque}`).text).toBe(
      "Authorization: Bearer [REDACTED:bearer_token]",
    );
  });

  it("never rewrites an earlier marker, even where it sits in a URL's user or password", () => {
    const text = `git clone https://x-access-token:${fake.ghp}@github.com/a/b.git https://${fake.ghp}@h/c`;
    expect(redactText(text).text).toBe(
      "git clone https://x-access-token:[REDACTED:github_token]@github.com/a/b.git https://[REDACTED:github_token]@h/c",
    );
  });

  // Catastrophic backtracking would hang here (the suite's timeout catches it); no timing is asserted.
  it("scans a megabyte of adversarial near-misses without catastrophic backtracking", () => {
    const units = ["a", "A_", "http://u:", "x:y@", "eyJab.", "Bearer ", "-----BEGIN PRIVATE KEY-----\n"];
    for (const unit of [...units, `${"QUJD".repeat(16)}\n`]) {
      const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
      expect(redactText(text).text.length).toBeGreaterThan(0);
    }
  });

  it("counts several secrets of several kinds in a stack trace", () => {
    const trace = [
      `Error: request to https://api.anthropic.com failed (key ${fake.anthropic})`,
      `    at connect (postgres://svc:${"Zx9!"}@10.0.0.5/db)`,
      `    at retry (/srv/app/node_modules/client/index.js:42:7) token=${fake.ghp} again ${fake.ghp}`,
    ].join("\n");
    const r = redactText(trace);
    expect(r.count).toBe(4);
    expect(r.kinds).toEqual({ anthropic_key: 1, url_password: 1, github_token: 2 });
    expect(r.text).toContain("/srv/app/node_modules/client/index.js:42:7");
    expect(r.text).not.toContain(fake.ghp);
  });

  it("prefers the specific kind: Anthropic over OpenAI, JWT or Slack over a bearer token", () => {
    expect(redactText(`sk ${fake.anthropic}`).kinds).toEqual({ anthropic_key: 1 });
    expect(redactText(`Bearer ${fake.jwt} Bearer ${fake.slackBot}`).kinds).toEqual({
      jwt: 1,
      slack_token: 1,
    });
  });

  it.each([
    "The Bearer token goes in the Authorization header; see RFC 6750.",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and Actions syntax under test
    "Authorization: Bearer <token>  |  Authorization: Bearer $API_TOKEN  |  Bearer ${{ secrets.TOKEN }}",
    "commit 3f2a9c1e0b6d4a7e8f9c0d1e2b3a4c5d6e7f8a9b (HEAD -> main)",
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "run 123e4567-e89b-12d3-a456-426614174000 finished",
    "/home/dev/sk-learn/src/task-sk-1.ts:12:3 and C:\\Users\\ask-bot\\AKIA-notes.txt",
    "checksum wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY of the artifact",
    "git@github.com:acme/app.git, ssh://git@github.com/acme/app.git, https://example.com:8443/a@b",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and Actions syntax under test
    "postgres://localhost:5432/app and postgres://app:${PGPASSWORD}@db/app and redis://u:****@cache",
    "PGPASSWORD=$PGPASS psql; MAX_TOKENS=4096; SKIP_SECRET=true; password: see the vault",
    '{"max_tokens": 4096, "password": "", "token_count": "12", "secret_name": "db-creds"}',
    "Already redacted: [REDACTED:github_token] and Bearer [REDACTED:bearer_token].",
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----",
    "the sk-ant prefix, ghp_short, xoxb-, AIza, eyJhbGciOiJIUzI1NiJ9 alone",
  ])("leaves ordinary text alone: %s", (text) => {
    expect(redactText(text)).toEqual({ text, count: 0, kinds: {} });
  });
});

describe("redactValue", () => {
  const input = {
    command: `curl -H "Authorization: Bearer ${fake.opaque}" https://api.acme.dev`,
    nested: { env: [`GITHUB_TOKEN=${fake.ghp}`, "PATH=/usr/bin"], depth: { url: "mysql://root:toor@db/x" } },
    headers: { apiKey: "k-12345678", password: "hunter22", token: "tok_live_1", note: "fine" },
    [fake.ghp]: "keys stay as they are",
    numbers: [1, 2.5, true, null, { ok: false }],
  };

  it("redacts every string at any depth, keeps keys and non-strings, and counts by kind", () => {
    const r = redactValue(input);
    expect(r.value).toEqual({
      command: 'curl -H "Authorization: Bearer [REDACTED:bearer_token]" https://api.acme.dev',
      nested: {
        env: ["GITHUB_TOKEN=[REDACTED:github_token]", "PATH=/usr/bin"],
        depth: { url: "mysql://root:[REDACTED:url_password]@db/x" },
      },
      headers: {
        apiKey: "[REDACTED:secret_assignment]",
        password: "[REDACTED:secret_assignment]",
        token: "[REDACTED:secret_assignment]",
        note: "fine",
      },
      [fake.ghp]: "keys stay as they are",
      numbers: [1, 2.5, true, null, { ok: false }],
    });
    expect(r.count).toBe(6);
    expect(r.kinds).toEqual({ bearer_token: 1, github_token: 1, url_password: 1, secret_assignment: 3 });
    expect(redactValue(r.value)).toEqual({ value: r.value, count: 0, kinds: {} });
  });

  it("does not mutate its input and keeps a __proto__ key as data", () => {
    const before = structuredClone(input);
    redactValue(input);
    expect(input).toEqual(before);
    const parsed = JSON.parse(`{"__proto__": {"pw": "postgres://a:b1@h/d"}}`);
    const out = redactValue(parsed).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"pw":"postgres://a:[REDACTED:url_password]@h/d"}}');
  });

  it("handles bare strings and scalars", () => {
    expect(redactValue(fake.npm)).toEqual({
      value: "[REDACTED:npm_token]",
      count: 1,
      kinds: { npm_token: 1 },
    });
    expect(redactValue(42)).toEqual({ value: 42, count: 0, kinds: {} });
    expect(redactValue(undefined)).toEqual({ value: undefined, count: 0, kinds: {} });
  });
});

const bytes = (s: string) => Buffer.byteLength(s, "utf8");
function parts(output: string) {
  const m = TRUNCATION_MARKER_PATTERN.exec(output);
  if (!m) throw new Error("no truncation marker");
  return { originalBytes: Number(m[1]), kept: Number(m[2]), head: output.slice(0, m.index), marker: m[0] };
}

describe("truncateToolOutput", () => {
  it("leaves outputs up to the limit unchanged", () => {
    const s = "x".repeat(MAX_TOOL_OUTPUT_CHARS);
    expect(truncateToolOutput(s)).toEqual({ output: s, truncatedFrom: null });
    const obj = { lines: ["a", "b"] };
    expect(truncateToolOutput(obj).output).toBe(obj);
    expect(truncateToolOutput(undefined)).toEqual({ output: undefined, truncatedFrom: null });
    expect(truncateToolOutput(null)).toEqual({ output: null, truncatedFrom: null });
  });

  it("keeps the head and tail of a long string around a marker with the original size", () => {
    const s = Array.from({ length: 40_000 }, (_, i) => `line ${i}`).join("\n");
    const r = truncateToolOutput(s);
    const out = r.output as string;
    expect(r.truncatedFrom).toBe(bytes(s));
    expect(out.length).toBeLessThanOrEqual(MAX_TOOL_OUTPUT_CHARS);
    const p = parts(out);
    expect(p.originalBytes).toBe(bytes(s));
    expect(p.kept).toBe(out.length - p.marker.length);
    expect(p.marker).toBe(
      `\n…[truncated by Fleetwatch: ${bytes(s)} bytes originally, ${p.kept} characters kept]…\n`,
    );
    expect(s.startsWith(p.head)).toBe(true);
    expect(s.endsWith(out.slice(p.head.length + p.marker.length))).toBe(true);
    expect(p.head.length / p.kept).toBeCloseTo(0.8, 2);
    expect(truncateToolOutput(out)).toEqual({ output: out, truncatedFrom: null });
  });

  it.each([
    ["2-byte", "é".repeat(150_000)],
    ["4-byte, even offset", "😀".repeat(60_000)],
    ["4-byte, odd offset", `a${"😀".repeat(60_000)}`],
    ["mixed", "añ€😀".repeat(40_000)],
  ])("reports UTF-8 bytes and never splits a character (%s)", (_, s) => {
    const r = truncateToolOutput(s);
    const out = r.output as string;
    expect(r.truncatedFrom).toBe(bytes(s));
    expect(parts(out).originalBytes).toBe(bytes(s));
    expect(new TextDecoder().decode(new TextEncoder().encode(out))).toBe(out);
    expect(out.length).toBeLessThanOrEqual(MAX_TOOL_OUTPUT_CHARS);
  });

  it("turns structured output over the limit into a truncated string of its JSON", () => {
    const obj = { stdout: "ok ".repeat(50_000), exit: 0, files: ["ä.txt"] };
    const json = JSON.stringify(obj);
    const r = truncateToolOutput(obj);
    expect(typeof r.output).toBe("string");
    expect(r.truncatedFrom).toBe(bytes(json));
    expect((r.output as string).startsWith('{"stdout":"ok ok')).toBe(true);
    expect((r.output as string).endsWith('","exit":0,"files":["ä.txt"]}')).toBe(true);
  });

  it("counts UTF-8 bytes like Buffer, lone surrogates as U+FFFD", () => {
    for (const s of ["", "abc", "é", "€", "😀", "a\uD800b", "\uDC00", "x😀é€"]) {
      expect(utf8ByteLength(s)).toBe(bytes(s));
    }
  });
});

describe("sanitizeEvent", () => {
  const at = new Date("2026-11-01T10:00:00Z");
  const ev = (type: IngestEvent["type"], data: Record<string, unknown>): IngestEvent => ({
    id: `evt-${fake.awsId}`,
    type,
    time: at,
    job: "job-1",
    agent: "scout",
    data,
  });

  it("truncates a tool result first, then redacts the kept head and tail", () => {
    const output = `${fake.ghp}\n${"build step ok\n".repeat(20_000)}${fake.anthropic}\n`;
    const event = ev("job.tool_result", { call_id: "c1", output, is_error: false });
    const before = structuredClone(event);
    const r = sanitizeEvent(event);
    expect(event).toEqual(before);
    expect(r.truncatedFrom).toBe(bytes(output));
    expect(r.redactions).toBe(2);
    expect(r.kinds).toEqual({ github_token: 1, anthropic_key: 1 });
    const out = r.event.data.output as string;
    expect(out.startsWith("[REDACTED:github_token]\nbuild step ok")).toBe(true);
    expect(out.endsWith("build step ok\n[REDACTED:anthropic_key]\n")).toBe(true);
    expect(parts(out).originalBytes).toBe(bytes(output));
    expect(r.event).toMatchObject({ id: event.id, job: "job-1", agent: "scout", time: at, type: event.type });
    expect(r.event.data).toMatchObject({ call_id: "c1", is_error: false });
  });

  it("leaves no key material when the cut falls inside a private key", () => {
    const key = pem("RSA PRIVATE KEY", "", 40); // ~2,700 characters, around the cut at 80% of the limit
    const output = `${"log line\n".repeat(8_790)}${key}\n${"tail line\n".repeat(1_900)}`;
    const start = output.indexOf(key);
    const dropped = output.length - MAX_TOOL_OUTPUT_CHARS + 100;
    expect(start).toBeLessThan(MAX_TOOL_OUTPUT_CHARS * 0.8 - 200);
    expect(start + key.length).toBeGreaterThan(MAX_TOOL_OUTPUT_CHARS * 0.8 + dropped);
    const r = sanitizeEvent(ev("job.tool_result", { call_id: "c2", output }));
    const out = r.event.data.output as string;
    expect(r.kinds).toEqual({ private_key: 2 });
    expect(out).toMatch(TRUNCATION_MARKER_PATTERN);
    expect(out).not.toMatch(/[A-Za-z0-9+/]{16}/);
  });

  it("redacts every event type's text, ids stay, small outputs are not truncated", () => {
    const failed = sanitizeEvent(
      ev("job.failed", { error: { message: `401 for ${fake.stripe}`, stack: `at x (${fake.jwt})` } }),
    );
    expect(failed.event.data).toEqual({
      error: { message: "401 for [REDACTED:stripe_key]", stack: "at x ([REDACTED:jwt])" },
    });
    expect(failed.event.id).toBe(`evt-${fake.awsId}`);
    expect(failed).toMatchObject({ redactions: 2, truncatedFrom: null });
    const log = sanitizeEvent(ev("job.log", { level: "info", message: `token ${fake.huggingface}` }));
    expect(log.event.data.message).toBe("token [REDACTED:huggingface_token]");
    const call = sanitizeEvent(
      ev("job.tool_call", { call_id: "c", tool: "http", input: { password: "pw1!" } }),
    );
    expect(call.event.data.input).toEqual({ password: "[REDACTED:secret_assignment]" });
    const big = "x".repeat(MAX_TOOL_OUTPUT_CHARS + 1);
    expect(sanitizeEvent(ev("job.tool_call", { call_id: "c", tool: "t", input: big })).truncatedFrom).toBe(
      null,
    );
    const small = sanitizeEvent(ev("job.tool_result", { call_id: "c", output: { ok: true } }));
    expect(small).toMatchObject({
      redactions: 0,
      truncatedFrom: null,
      event: { data: { output: { ok: true } } },
    });
  });
});
