// The built-in classification rules, in the order they are tried (rules.ts gives them priorities 10, 20, ...).
// Patterns are general shapes of what providers, harnesses, git, test runners, compilers and Linux print, not
// copies of particular messages. The order settles overlaps; the main decisions:
//
// - Statements a harness makes about why it stopped (turn limit, budget, loop, cancel, refusal) come first:
//   they are unambiguous and the rest of the message may quote anything.
// - Subscription usage windows ("usage limit reached, resets 3pm") are rate_limit; billing and credit
//   messages are auth, ahead of rate limits because insufficient_quota arrives as a 429 RateLimitError.
// - Out-of-memory, disk full and killed processes are infra whatever was running (a build OOM-killed, git
//   unable to write), so they come before git, tests and builds.
// - Output of a git command is git_error, even when git failed for network or credential reasons ("fatal:
//   unable to access ...: Could not resolve host", "Authentication failed"); the same network error without
//   git's wording is infra.
// - Test runner output is test_failure before anything else it may quote (a 429 asserted in a test, a
//   connection refused by the test database, a test that timed out).
// - Context overflow is decided by its wording even when it came as a 400 (and before rate limits, which
//   use "tokens" too); "Request too large ... tokens per min" is an OpenAI rate limit.
// - Provider 5xx and overload before generic network errors; raw socket errors (ECONNRESET, ENOTFOUND,
//   ETIMEDOUT, "connection timed out") are infra, before the generic "timed out" which is timeout.
// - Bare HTTP statuses count only next to a word that introduces one ("API Error: 429", "HTTP 403") or before
//   their reason phrase: "x.go:403:21", "line 429" and "402 passed" are not statuses.
// - A tool's own failure statements (edit did not apply, permission or sandbox denial, MCP error) are
//   tool_error early; an HTTP error a tool met (a web fetch's 404) is tool_error unless it was a rate limit.
// - "runner lost contact with the harness" is harness_crash.
// - A failure from a tool call that no rule claims is tool_error; a harness exception with no tool is
//   harness_crash (so a script the agent ran that throws TypeError is a tool error, the harness throwing
//   one is a crash).
import type { RuleSpec } from "./rules";

const r = String.raw;

/**
 * An HTTP status in a message: after a word that introduces one ("API Error: 429", "status 401", "HTTP 403",
 * "code":402) or before its reason phrase ("429 Too Many Requests"). A bare number is too often a line number,
 * a column or a count ("402 passed").
 */
const status = (codes: string) =>
  r`\b(API Error|status|HTTP(/[\d.]+)?|Error code|code|error|returned)\W{0,3}(${codes})\b|\b(${codes}) (Unauthorized|Forbidden|Too Many Requests|Payment Required)\b`;

export const BUILTIN_RULE_LIST: RuleSpec[] = [
  // Subscription plans' usage windows (Claude, ChatGPT/Codex): wait for the reset.
  {
    name: "plan-usage-limit",
    failureClass: "rate_limit",
    messagePattern: r`hit your usage limit|usage limit (reached|exceeded|hit)|\b(session|weekly|daily|opus|\d+-hour) limit reached|limit reached\s*[∙·•|-]?\s*resets|limit will reset at`,
  },
  // Billing and credits, including OpenAI's insufficient_quota (a 429) and Anthropic's spend limits.
  {
    name: "billing-credits",
    failureClass: "auth",
    messagePattern: r`credit balance is too low|insufficient[_ ]quota|exceeded your current quota|plan and billing|billing[_ ](hard[_ ]limit|not[_ ]active)|payment required|purchase (more )?credits|insufficient (credits|funds|balance)|out of credits|reached your specified (API )?usage limits|account is not active`,
  },

  // Harness statements, structured types and codes.
  { name: "claude-code-max-turns", failureClass: "max_turns", errorType: "error_max_turns" },
  {
    name: "budget-type",
    failureClass: "budget_exceeded",
    errorType: "error_max_budget_usd|budget_exceeded|BudgetExceeded*|*BudgetExceededError",
  },
  {
    name: "max-turns-type",
    failureClass: "max_turns",
    errorType:
      "max_turns|max_steps|max_iterations|MaxTurnsExceeded*|MaxIterationsExceeded*|GraphRecursionError",
  },
  {
    name: "looping-type",
    failureClass: "looping",
    errorType: "looping|loop_detected|LoopDetected*|doom_loop",
  },
  {
    name: "refusal-type",
    failureClass: "refusal",
    errorType:
      "refusal|SAFETY|content_filter|ContentPolicyViolation*|RECITATION|PROHIBITED_CONTENT|BLOCKLIST",
  },
  {
    name: "cancelled-type",
    failureClass: "cancelled",
    errorType:
      "cancelled|canceled|AbortError|APIUserAbortError|CancelledError|KeyboardInterrupt|turn_aborted",
  },
  { name: "overloaded-type", failureClass: "provider_error", errorType: "overloaded_error" },
  {
    name: "rate-limit-type",
    failureClass: "rate_limit",
    errorType:
      "rate_limit_error|*RateLimitError|rate_limited|rate_limit_exceeded|RESOURCE_EXHAUSTED|ThrottlingException|TooManyRequests*",
  },
  {
    name: "refusal-code",
    failureClass: "refusal",
    code: "content_filter|content_policy_violation|invalid_prompt",
  },
  { name: "rate-limit-code", failureClass: "rate_limit", code: "rate_limit_exceeded|rate_limited" },
  {
    name: "auth-type",
    failureClass: "auth",
    errorType:
      "authentication_error|*AuthenticationError|permission_error|*PermissionDeniedError|PERMISSION_DENIED|UNAUTHENTICATED|billing_error|invalid_api_key",
  },
  {
    name: "auth-code",
    failureClass: "auth",
    code: "invalid_api_key|billing_hard_limit_reached|account_deactivated",
  },
  {
    name: "context-type",
    failureClass: "context_overflow",
    errorType: "*ContextWindowExceeded*|context_length_exceeded|request_too_large|*ContextLengthExceeded*",
  },
  {
    name: "context-code",
    failureClass: "context_overflow",
    code: "context_length_exceeded|string_above_max_length",
  },

  // What harnesses say when they stop an agent.
  {
    name: "loop-detected",
    failureClass: "looping",
    messagePattern: r`\bloop detected|(stuck|caught) in an? (loop|cycle)|doom[_ -]?loop|repeated identical (tool )?calls?|identical (tool )?calls? (repeated|detected)|(tool calls|commands|actions|edits|responses) (were|are) (all )?identical|repeat(ed|ing) the same (tool call|command|action|edit)|no progress (in|for|after|over) (the last )?\d+|without (making )?(any )?progress|made no progress|did not conform to the edit format|repetitive (tool calls|actions|output)|\bstuck (detect|in )|repetitive behaviou?r|(same|identical) (arguments|inputs?|parameters|command|tool call|action)s?\b.{0,60}\b(\d+ times|in a row|repeated)|cycling between|oscillat(ing|ion) between|\bidentical\b.{0,60}\bin a row\b`,
  },
  {
    name: "max-turns-message",
    failureClass: "max_turns",
    messagePattern: r`max(imum)?[ _-]?(number of )?(turns|steps|iterations|rounds|agent loops)\b.{0,40}\b(reached|exceeded|hit)|(reached|exceeded|hit)\b.{0,10}\bmax(imum)?[ _-]?(number of )?(turns|steps|iterations|rounds)|\b(turn|step|iteration) limit\b|recursion limit of \d+|reflections allowed|\bmax_?(turns|steps|iterations|rounds)\b|stopped after \d+ (turns|steps|iterations|rounds)`,
  },
  {
    name: "budget-message",
    failureClass: "budget_exceeded",
    messagePattern: r`\bbudget\b.{0,40}\b(exceeded|reached|exhausted|limit|cap)\b|\b(exceeded|reached|exhausted|over|hit)\b.{0,20}\bbudget\b|\bmax[_ ]?(cost|budget)|\bcost (limit|cap|ceiling)\b|\bspend(ing)? (limit|cap)\b`,
  },
  {
    name: "job-time-limit",
    failureClass: "timeout",
    messagePattern: r`wall[- ]?clock|maximum execution time|exceeded (its|the) (time ?limit|timeout|deadline)|time ?limit (exceeded|reached)`,
  },
  {
    name: "cancelled-message",
    failureClass: "cancelled",
    messagePattern: r`\b(cancell?ed|aborted|interrupted|stopped|killed|terminated) by (the )?(user|operator|owner|admin|on-?call|[\w.+-]+@[\w.-]+)|\b(user|operator) (cancell?ed|aborted|interrupted|stopped)|\[?request interrupted by user|request was aborted|operation was (aborted|cancell?ed)|received SIG(INT|HUP)\b|KeyboardInterrupt|\bcontext canceled\b|superseded by|\b(job|run|task|session|workflow|turn|execution) (was |has been )?(cancell?ed|aborted)\b|^cancell?ed\.?$|cancellation requested`,
  },
  {
    name: "refusal-message",
    failureClass: "refusal",
    messagePattern: r`\bI(['’]m| am)? (not able to|unable to|can(no|['’])t|can not|won['’]t|will not) (help|assist|comply|fulfil|engage)|safety system|content[_ ]policy|\busage polic(y|ies)|violat\w* .{0,40}(polic|guidelines)|finish_?reason\W{0,4}(safety|content_filter|recitation|prohibited_content|blocklist|spii)|blocked (due to|because of) [\w ]{0,20}(safety|content|recitation|blocklist|spii)|content management policy|flagged (as|for|by)\b.{0,60}(polic|safety|moderation|risk|harm)|stop_reason\W{0,4}refusal|model (refused|declined)|refused (to|the task)`,
  },

  // Infra that wins over whatever was running: memory, disk, killed processes, evictions.
  { name: "killed-exit-137", failureClass: "infra", exitCode: 137 },
  {
    name: "node-heap-oom-in-tool",
    failureClass: "infra",
    tool: "*",
    messagePattern: r`JavaScript heap out of memory|Reached heap limit`,
  },
  {
    name: "out-of-memory",
    failureClass: "infra",
    messagePattern: r`(?<!heap )out of memory|\bOOM[-_ ]?kill|OOMKilled|memory cgroup|cannot allocate memory|\bENOMEM\b|std::bad_alloc|memory limit (exceeded|reached)|exceeded (its |the )?memory limit`,
  },
  {
    name: "disk-full",
    failureClass: "infra",
    messagePattern: r`no space left on device|\bENOSPC\b|disk (quota exceeded|is full|full)|\bEDQUOT\b|ephemeral-storage|read-only file system|\bEROFS\b`,
  },
  {
    name: "file-limits",
    failureClass: "infra",
    messagePattern: r`too many open files|\bEMFILE\b|\bENFILE\b|file watchers reached`,
  },
  {
    name: "process-killed",
    failureClass: "infra",
    messagePattern: r`^\s*(\S+: line \d+: +\d+ )?Killed\b|signal: killed|\bSIGKILL\b|signal 9\b|exit(ed)? (with )?(code|status) 137|\bEvicted\b|low on resource`,
  },
  {
    name: "platform",
    failureClass: "infra",
    messagePattern: r`ImagePullBackOff|ErrImagePull|node (was )?(not ready|lost|drained)|\bpreempted\b|spot instance|Cannot connect to the Docker daemon|failed to create (containerd )?(task|shim)|runner has received a shutdown signal|nodes are available|Insufficient (memory|cpu|ephemeral-storage|nvidia)|FailedScheduling`,
  },

  { name: "oom-type", failureClass: "infra", errorType: "OOMKilled|Evicted|MemoryError" },

  // Git.
  {
    name: "git-conflict",
    failureClass: "git_error",
    messagePattern: r`\bCONFLICT \(|merge conflict|automatic merge failed|fix conflicts and then|could not apply [0-9a-f]{7,}|unmerged (files|paths)|you have unmerged`,
  },
  {
    name: "git-push-rejected",
    failureClass: "git_error",
    messagePattern: r`\[(remote )?rejected\]|non-fast-forward|failed to push some refs|updates were rejected|protected branch|\bGH\d{3}\b|pre-receive hook declined|remote: Permission to \S+ denied`,
  },
  {
    name: "git-fatal",
    failureClass: "git_error",
    messagePattern: r`not a git repository|fatal: Authentication failed|Permission denied \(publickey|could not read from remote repository|could not read (Username|Password) for|unable to access '[^']*'|would be overwritten by (checkout|merge)|refusing to merge unrelated histories|detached HEAD|not currently on a branch|pathspec .{1,200} did not match|divergent branches|cannot (pull|rebase|merge|checkout|switch|cherry-pick)\b|unstaged changes|commit or stash|cannot lock ref|remote end hung up|\bRPC failed\b|early EOF|^fatal: .{0,80}\b(git|repository|remote|branch|refs?|HEAD|revision|commit|tag|origin|worktree|index|upstream)\b`,
  },
  { name: "git-type", failureClass: "git_error", errorType: "GitError|git_error|*GitCommandError" },

  // Test runners (a test package that does not compile is a build error).
  {
    name: "go-test-build-failed",
    failureClass: "build_error",
    messagePattern: r`^FAIL\s+\S+ \[(build|setup) failed\]`,
  },
  {
    name: "pytest",
    failureClass: "test_failure",
    messagePattern: r`^(FAILED|ERROR) \S+::\S+|short test summary info|^=+ .*\b\d+ (failed|errors?)\b|\b\d+ failed\b[^\n]{0,40} in [\d.]+s\b|^E\s{3,}\S|ERROR collecting \S+`,
  },
  {
    name: "go-test",
    failureClass: "test_failure",
    messagePattern: r`^\s*--- FAIL: |^FAIL\s+\S+\s+[\d.]+s\s*$|^FAIL$|panic: test timed out|testing\.tRunner`,
  },
  {
    name: "js-test-runner",
    failureClass: "test_failure",
    messagePattern: r`^\s*FAIL\s+\S+\.(test|spec)\.[cm]?[jt]sx?\b|^\s*(×|✕|✗)\s|●.+›|(Tests|Test Files|Test Suites):?\s+\d+ failed|\b\d+ failing\b|Exceeded timeout of \d+ ?ms for a (test|hook)|^\s*\(fail\) |^\s*\d+ fail\s*$|expect\((received|actual)\)|AssertionError|npm (ERR!|error) Test failed|lifecycle script .?test.? failed`,
  },
  {
    name: "cargo-test",
    failureClass: "test_failure",
    messagePattern: r`test result: FAILED|^test \S+ \.\.\. FAILED|thread '[^']*\btests?::[^']*' panicked|panicked at [^\n]{0,200}\n[^\n]{0,20}assertion|error: test failed`,
  },
  {
    name: "other-test-runners",
    failureClass: "test_failure",
    messagePattern: r`\b\d+ examples?, \d+ failures?|^FAILURES!|\b\d+ passed[,;| ]+\d+ failed|\b\d+ failed[,;| ]+\d+ (passed|errors?)|Test assertion failed|Failure! \d+ passed|\bFailed:\s+\d+, Passed:\s+\d+|\[[\w -]+\] › \S+\.(spec|test)\.[cm]?[jt]sx?`,
  },
  { name: "test-type", failureClass: "test_failure", errorType: "TestFailure|test_failure|TestsFailed" },

  // Tool calls that failed as tool calls (also when the failure arrives without the tool's name).
  {
    name: "tool-use-error",
    failureClass: "tool_error",
    messagePattern: r`<tool_use_error>|InputValidationError|string to replace not found|old_?string not found|matches of the string to replace|has not been read yet|exceeds maximum allowed tokens|apply_patch verification failed|failed to find expected lines|SearchReplaceNoExactMatch|SEARCH section must exactly match|hunk #?\d+ FAILED|MCP error -?\d+|tool call failed|is not a valid tool|no such tool|invalid tool (input|parameters|arguments)`,
  },
  {
    name: "tool-permission",
    failureClass: "tool_error",
    messagePattern: r`permission to use \S+ (has been|was) denied|requested permissions? to|haven't granted it|sandbox(ing)?\W{0,3}(denied|error|violation)|Sandbox\(Denied|rejected by (the )?(user|sandbox|approval|policy)|approval (was )?(denied|rejected)|command (was )?rejected|blocked by (a |the )?(\w+ )?hook|hook (error|blocking error|failed)`,
  },
  // Context window.
  {
    name: "context-window",
    failureClass: "context_overflow",
    messagePattern: r`prompt is too long|prompt too long|context[_ ]length[_ ]exceeded|maximum context length|context (window|length|limit)\b.{0,60}\b(exceed|too (long|large|small)|overflow|full)|\b(exceeds?|exceeded|beyond|out of room in)\b.{0,40}\bcontext (window|length|limit)|input (is )?too long|input length and .?max_tokens.? exceed|(input|prompt) token count .{0,40}exceeds|exceeds the maximum number of tokens|exceeds the [\d,]+ token limit|token limit (exceeded|reached)|request exceeds the maximum (allowed )?(size|number of bytes)|output token maximum|reduce the length of the messages|conversation (is )?too long`,
  },

  // Provider rate limits, outages, credentials.
  {
    name: "rate-limit-message",
    failureClass: "rate_limit",
    messagePattern: r`rate[ _-]?limit|too many requests|ThrottlingException|${status("429")}|tokens per min|requests per min|\b(TPM|RPM|ITPM|OTPM)\b|RESOURCE_EXHAUSTED|resource has been exhausted|quota exceeded|throttl|slow down|concurrency limit|usage limit`,
  },
  { name: "rate-limit-status", failureClass: "rate_limit", code: "429" },
  // An HTTP error a tool met (a web fetch's 404), unless it was a rate limit.
  {
    name: "tool-http-status",
    failureClass: "tool_error",
    tool: "*",
    messagePattern: r`\b(status( code)?|HTTP)\W{0,3}[45]\d\d\b|\b4\d\d (Not Found|Forbidden|Gone|Bad Request|Unavailable)`,
  },
  {
    name: "provider-5xx",
    failureClass: "provider_error",
    messagePattern: r`overloaded|(API Error|status|HTTP|Error code|code|error)\W{1,3}5\d\d\b|\b5\d\d (Internal|Bad Gateway|Service|Gateway|Server|Origin)|internal server error|bad gateway|service unavailable|gateway time-?out|server_error|\bapi_error\b|server had an error|error occurred while processing your request|stream disconnected|upstream (connect )?error|reset before headers|InternalServerError|ServiceUnavailable|APIConnectionError|\bAPI Error:? \(?Connection error|\bUNAVAILABLE\b|temporarily unavailable|at capacity|high demand`,
  },
  { name: "provider-status", failureClass: "provider_error", code: "500|502|503|504|520|522|524|529" },
  {
    name: "auth-message",
    failureClass: "auth",
    messagePattern: r`invalid[ _-]?(x-)?api[ _-]?key|incorrect API key|api key (not valid|is invalid|expired|revoked|not found)|authentication (failed|fails|error)|\bunauthori[sz]ed\b|${status("401|402|403")}|(does not|do not|doesn't|don't) have (permission|access)|oauth token (has )?(expired|been revoked|is invalid)|token has (been )?(invalidated|revoked|expired)|please run /login|not logged in|(organi[sz]ation|account|key) (has been |was )?(disabled|suspended|deactivated)|has been suspended|access (was )?terminated|invalid bearer token|x-api-key|sign(ing)? in again|log ?in again|refresh token`,
  },
  { name: "auth-status", failureClass: "auth", code: "401|403" },

  // Network and platform.
  {
    name: "network-error",
    failureClass: "infra",
    messagePattern: r`\b(ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EPIPE|ECONNABORTED)\b|socket hang up|connection (reset|refused|timed out)|broken pipe|network is unreachable|no route to host|temporary failure in name resolution|name or service not known|could not resolve host|getaddrinfo|i/o timeout|TLS handshake timeout`,
  },
  {
    name: "network-code",
    failureClass: "infra",
    code: "ECONNRESET|ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOSPC|ENOMEM|EMFILE",
  },
  // Builds: compilers, type checkers, bundlers, linters, package managers.
  {
    name: "typescript-bundlers",
    failureClass: "build_error",
    messagePattern: r`\berror TS\d{3,5}\b|Module not found: (Error: )?Can't resolve|Failed to compile|Build failed|Build error occurred|^ERROR in |compiled with \d+ errors?|Type error:|Error occurred prerendering|Module build failed|✘ \[ERROR\]|Could not resolve ["']|RollupError|\[plugin:|\[vite\]|Rollup failed to resolve`,
  },
  {
    name: "native-compilers",
    failureClass: "build_error",
    messagePattern: r`error\[E\d{4}\]|could not compile \S|^\S+\.(c|cc|cpp|cxx|h|hpp|m|mm|swift|java|kt|cs|scala|go):\d+(:\d+)?: (fatal )?error\b|\.go:\d+:\d+: (undefined|cannot use|too many arguments|not enough arguments|declared and not used|\S+ declared and not used|imported and not used|syntax error|missing return|invalid operation)|undefined reference to|symbol\(s\) not found|linker command failed|collect2: error|ld returned \d+ exit status|make(\[\d+\])?: \*\*\*|BUILD FAIL(ED|URE)|linking with .{1,20} failed|cannot find -l\S+|failed to run custom build command|CMake Error|compilation (failed|error|failure)|Failed to execute goal`,
  },
  {
    name: "package-managers",
    failureClass: "build_error",
    messagePattern: r`npm (ERR!|error) |\bERESOLVE\b|\bELIFECYCLE\b|ERR_PNPM_\w+|error Command failed with exit code|\bYN\d{4}\b|Missing script:|Could not find a version that satisfies|No matching distribution found|ResolutionImpossible|Failed building wheel|subprocess-exited-with-error|failed to select a version|missing go\.sum entry|no required module provides package|go: .{0,120}(cannot find module|module .* not found)|failed to solve|did not complete successfully: exit code`,
  },
  {
    name: "python-lint-types",
    failureClass: "build_error",
    messagePattern: r`ModuleNotFoundError: No module named|ImportError: cannot import name|SyntaxError: invalid syntax|IndentationError|: error: .*\[[a-z-]+\]\s*$|^Found \d+ errors?\b|\blint/\w+/\w+|:\d+:\d+: [A-Z]{1,4}\d{3,4}\b|✖ \d+ problems?|^Error: (Unsupported|Missing required|Invalid|Unknown|Duplicate|Reference to undeclared) (argument|attribute|block|reference|value|variable|provider|resource|input)`,
  },
  {
    name: "build-type",
    failureClass: "build_error",
    errorType: "BuildError|build_error|CompileError|CompilationError",
  },

  // Timeouts (after network errors, so ETIMEDOUT and "connection timed out" stay infra).
  {
    name: "timeout-type",
    failureClass: "timeout",
    errorType: "timeout|*TimeoutError|*Timeout|DeadlineExceeded|DEADLINE_EXCEEDED|*TimeoutException",
  },
  {
    name: "timed-out",
    failureClass: "timeout",
    messagePattern: r`\btimed? ?out\b|\btimeout|deadline exceeded|took too long|exceeded .{0,20}time ?limit`,
  },
  { name: "timeout-exit-124", failureClass: "timeout", exitCode: 124 },

  // Other tool failures.
  {
    name: "file-errors",
    failureClass: "tool_error",
    messagePattern: r`\bENOENT\b|no such file or directory|\bEACCES\b|\bEPERM\b|permission denied|operation not permitted|\bEISDIR\b|\bENOTDIR\b|\bEEXIST\b|command not found|file (does not|doesn't) exist`,
  },
  { name: "tool-error-type", failureClass: "tool_error", errorType: "tool_error|ToolError|*ToolException" },
  // Anything else a tool call reported.
  { name: "any-tool-failure", failureClass: "tool_error", tool: "*" },

  // The harness itself (no tool involved).
  {
    name: "harness-panic",
    failureClass: "harness_crash",
    messagePattern: r`\bpanic(ked)?\b|segmentation (fault|violation)|\bSIG(SEGV|ABRT|BUS|ILL)\b|core dumped|fatal error: (runtime|concurrent|all goroutines)|nil pointer dereference|stack overflow|Maximum call stack size exceeded|JavaScript heap out of memory|Reached heap limit`,
  },
  {
    name: "harness-exception",
    failureClass: "harness_crash",
    messagePattern: r`Traceback \(most recent call last\)|unhandled ?(promise ?)?rejection|uncaught (exception|error)|\b(TypeError|ReferenceError|RangeError|AttributeError|KeyError|IndexError|NameError|UnboundLocalError|NullPointerException|StateCorrupted)\b|Cannot read propert(y|ies) of (undefined|null)|is not a function\b|(harness|runner|agent|worker|process) (crashed|exited unexpectedly|died unexpectedly|terminated unexpectedly)|lost contact with the harness|tool_use.? ids were found without|tool_result.? blocks? without|(claude code|codex|aider|opencode|harness|agent) process (exited|crashed|died)`,
  },
  { name: "crash-exit-codes", failureClass: "harness_crash", exitCode: 139 },
  { name: "abort-exit-code", failureClass: "harness_crash", exitCode: 134 },
  {
    name: "crash-type",
    failureClass: "harness_crash",
    errorType: "panic|crash|FatalError|SIGSEGV|SIGABRT|HarnessCrash|error_during_execution",
  },
  { name: "sigint-exit-130", failureClass: "cancelled", exitCode: 130 },
];
