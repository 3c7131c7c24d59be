import { describe, expect, it } from "vitest";
import { fingerprint, issueTitle, normalizeMessage } from "./fingerprint";
import type { FailureClass } from "./taxonomy";

const fp = (failureClass: FailureClass, message: string, tool?: string | null) =>
  fingerprint({ failureClass, message, tool });

describe("normalizeMessage", () => {
  it("masks numbers, ids, hashes, timestamps, paths, quoted values, URLs' paths and line:col", () => {
    expect(normalizeMessage("connect ECONNREFUSED 10.0.4.17:5432")).toBe("connect ECONNREFUSED <n>");
    expect(
      normalizeMessage(
        'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CU4kPz9XbW2mQn7LvR3tY"}',
      ),
    ).toBe(
      'API Error: <n> {"type":"error","error":{"type":"overloaded_error","message":"<str>"},"request_id":"<str>"}',
    );
    expect(
      normalizeMessage("src/orders/service.ts(88,17): error TS2345: Argument of type 'string' is bad."),
    ).toBe("<path>(<n>): error TS2345: Argument of type '<str>' is bad.");
    expect(normalizeMessage("Job exceeded wall-clock limit of 45m0s at 2025-10-02T09:14:51.312Z")).toBe(
      "Job exceeded wall-clock limit of <duration> at <ts>",
    );
    expect(normalizeMessage("exceeded retry limit, request id: 5b0e9d1c-8f2a-4c3e-b7d6-1a9e4f2c8b30")).toBe(
      "exceeded retry limit, request id: <uuid>",
    );
    expect(normalizeMessage("error: could not apply 4e1d2c9... Round VAT")).toBe(
      "error: could not apply <hex>... Round VAT",
    );
    expect(normalizeMessage("See https://platform.openai.com/account/rate-limits?org=org-1")).toBe(
      "See https://platform.openai.com/<path>",
    );
    expect(normalizeMessage("thread 'main' panicked at codex-rs/core/src/codex.rs:1834:41:")).toBe(
      "thread '<str>' panicked at <path>:<n>:",
    );
    expect(normalizeMessage("Incorrect API key provided: sk-proj-****ab12.")).toBe(
      "Incorrect API key provided: <key>.",
    );
  });

  it("keeps what tells errors apart: error codes, words with digits, apostrophes", () => {
    expect(normalizeMessage("error[E0382]: borrow of moved value")).toBe(
      "error[E0382]: borrow of moved value",
    );
    expect(normalizeMessage("Module not found: Can't resolve '@/lib/x'")).toBe(
      "Module not found: Can't resolve '<str>'",
    );
    expect(normalizeMessage("OSError: [Errno 28] No space left")).toBe("OSError: [Errno <n>] No space left");
  });

  it("strips ANSI colours, collapses whitespace and cuts to about 500 characters", () => {
    expect(normalizeMessage("\u001b[31mFAIL\u001b[39m   src/a.test.ts\n\n  x")).toBe("FAIL <path> x");
    const long = normalizeMessage("word ".repeat(400));
    expect(long.length).toBeLessThanOrEqual(500);
    expect(long.startsWith("word word")).toBe(true);
  });
});

describe("fingerprint", () => {
  it("is a stable sha1 hex of class, normalised message and tool", () => {
    const a = fp("infra", "read ECONNRESET", "Bash");
    expect(a).toMatch(/^[0-9a-f]{40}$/);
    expect(fp("infra", "read ECONNRESET", "Bash")).toBe(a);
    expect(fp("infra", "read  ECONNRESET ", "bash")).toBe(a);
  });

  it("groups variants of one error: numbers, ids, request ids, paths, timestamps, quoted values", () => {
    const groups: [FailureClass, string[], string | null][] = [
      [
        "rate_limit",
        [
          'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization (4c1f7e0a-2b9d-4e55-9a31-7d0c3f8e2a11) of 450,000 input tokens per minute."},"request_id":"req_011CTz9wQp4mXb7Yk2LdN8sA"}',
          'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization (9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b) of 90,000 input tokens per minute."},"request_id":"req_011CUa1bC2dE3fG4hI5jK6lM"}',
        ],
        null,
      ],
      [
        "rate_limit",
        ["Claude AI usage limit reached|1760036400", "Claude AI usage limit reached|1761246000"],
        null,
      ],
      [
        "build_error",
        [
          "src/orders/service.ts(88,17): error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.",
          "packages/web/app/page.tsx(3,5): error TS2345: Argument of type 'number' is not assignable to parameter of type 'Money'.",
        ],
        "Bash",
      ],
      [
        "infra",
        [
          "Memory cgroup out of memory: Killed process 38122 (node) total-vm:14482112kB, anon-rss:6913404kB",
          "Memory cgroup out of memory: Killed process 911 (node) total-vm:9482112kB, anon-rss:3913404kB",
        ],
        null,
      ],
      [
        "tool_error",
        [
          "Error: ENOENT: no such file or directory, open '/workspace/api/src/handlers/legacy.ts'",
          "Error: ENOENT: no such file or directory, open '/home/runner/work/web/lib/x.old.ts'",
        ],
        "Read",
      ],
      [
        "git_error",
        [
          " ! [rejected]        HEAD -> fix/refund-rounding (non-fast-forward)\nerror: failed to push some refs to 'https://github.com/acme/payments.git'",
          " ! [rejected]        HEAD -> agent/issue-77 (non-fast-forward)\nerror: failed to push some refs to 'https://github.com/acme/web.git'",
        ],
        "Bash",
      ],
      [
        "timeout",
        [
          "job job_01J8XK2ZQ4M7WN9PB5RC3HDT6V: context deadline exceeded after 30m12s",
          "job job_01J9QK4ZT8M2XW5N7PB3RC6HDV: context deadline exceeded after 4m59s",
        ],
        null,
      ],
      [
        "provider_error",
        [
          "stream disconnected before completion: Please include the request ID 9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19 in your message. (at 2025-10-02 09:14:51)",
          "stream disconnected before completion: Please include the request ID 0c4d2e8f-1a3b-4c5d-9e7f-2b6a8c0d4e1f in your message. (at 2026-01-30 23:01:07)",
        ],
        null,
      ],
      [
        "harness_crash",
        [
          "thread 'main' panicked at codex-rs/core/src/codex.rs:1834:41:\ncalled `Option::unwrap()` on a `None` value",
          "thread 'main' panicked at codex-rs/core/src/codex.rs:2291:9:\ncalled `Option::unwrap()` on a `None` value",
        ],
        null,
      ],
      [
        "git_error",
        [
          "CONFLICT (content): Merge conflict in src/a.ts\nerror: could not apply 4e1d2c9... Fix it",
          "CONFLICT (content): Merge conflict in lib/b/c.go\nerror: could not apply 9a8b7c6d... Fix it",
        ],
        "Bash",
      ],
    ];
    for (const [cls, variants, tool] of groups) {
      const prints = new Set(variants.map((m) => fp(cls, m, tool)));
      expect(prints.size, `${cls}: ${variants.map(normalizeMessage).join("\n  vs ")}`).toBe(1);
    }
  });

  it("keeps different errors apart: class, message shape, tool", () => {
    const m = "read ECONNRESET";
    expect(fp("infra", m)).not.toBe(fp("provider_error", m));
    expect(fp("infra", m, "Bash")).not.toBe(fp("infra", m));
    expect(fp("infra", m, "Bash")).not.toBe(fp("infra", m, "WebFetch"));
    const apart: [FailureClass, string, string][] = [
      ["infra", "read ECONNRESET", "connect ECONNREFUSED 10.0.0.1:5432"],
      [
        "build_error",
        "src/a.ts(1,1): error TS2345: Argument bad.",
        "src/a.ts(1,1): error TS2339: Property bad.",
      ],
      ["tool_error", "Error: ENOENT: no such file, open '/a'", "Error: EACCES: permission denied, open '/a'"],
      [
        "provider_error",
        'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
        'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
      ],
      ["test_failure", "--- FAIL: TestRefund (0.01s)", "--- FAIL: TestCapture (0.01s)"],
      ["git_error", "fatal: not a git repository", "fatal: Authentication failed for 'https://x/y.git/'"],
      ["rate_limit", "Claude AI usage limit reached|1760036400", "5-hour limit reached ∙ resets 3pm"],
    ];
    for (const [cls, a, b] of apart) expect(fp(cls, a), `${a}\n  vs ${b}`).not.toBe(fp(cls, b));
  });
});

describe("issueTitle", () => {
  const title = (message: string, type?: string, failureClass: FailureClass = "unknown") =>
    issueTitle({ failureClass, message, type });

  it("takes the error out of an API error's JSON body", () => {
    expect(
      title(
        'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}',
      ),
    ).toBe("API Error: 529 overloaded_error: Overloaded");
    expect(
      title(
        "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota.', 'type': 'insufficient_quota'}}",
        "RateLimitError",
      ),
    ).toBe("openai.RateLimitError: Error code: 429 insufficient_quota: You exceeded your current quota.");
  });

  it("uses the exception a traceback ends with, and an HTML page's title", () => {
    expect(
      title(
        "Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n    f()\nAttributeError: 'NoneType' object has no attribute 'strip'",
      ),
    ).toBe("AttributeError: 'NoneType' object has no attribute 'strip'");
    expect(title("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")).toBe(
      "502 Bad Gateway",
    );
  });

  it("picks the line that states the failure in a runner's output", () => {
    const pytest = [
      "============================= test session starts ==============================",
      "collected 48 items",
      "tests/test_api.py ....F...........",
      "=================================== FAILURES ===================================",
      "E       assert 200 == 429",
      "=========================== short test summary info ============================",
      "FAILED tests/test_api.py::test_limit - assert 200 == 429",
      "========================= 1 failed, 47 passed in 3.02s =========================",
    ].join("\n");
    expect(title(pytest)).toBe("FAILED tests/test_api.py::test_limit - assert 200 == 429");
    expect(title("Auto-merging a.ts\nCONFLICT (content): Merge conflict in a.ts")).toBe(
      "CONFLICT (content): Merge conflict in a.ts",
    );
    expect(title("<tool_use_error>String to replace not found in file.</tool_use_error>")).toBe(
      "String to replace not found in file.",
    );
  });

  it("adds the error type when the line does not already say it, and cuts to about 120 characters", () => {
    expect(title("Killed", "OOMKilled")).toBe("OOMKilled: Killed");
    expect(title("TypeError: x is not a function", "TypeError")).toBe("TypeError: x is not a function");
    expect(title("Prompt is too long", "success")).toBe("Prompt is too long");
    expect(title("Overloaded", "overloaded_error", "provider_error")).toBe("overloaded_error: Overloaded");
    expect(title("", "error_max_turns", "max_turns")).toBe("error_max_turns");
    expect(title("", null as unknown as undefined, "cancelled")).toBe("cancelled");
    const long = title("Something failed: ".concat("detail ".repeat(60)));
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith("…")).toBe(true);
  });
});
