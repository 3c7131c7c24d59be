// A hand-labelled corpus of failure messages as real tools print them (providers' API errors, Claude Code,
// Codex, aider, opencode, git, package managers, test runners, compilers, Linux, Kubernetes), each with the
// class an operator would pick. Ids, numbers and paths are made up. Entries marked `hard` are genuinely
// ambiguous or phrased unlike anything else; the built-in rules are not expected to get all of them right.
// Used by the tests to measure the built-in rules' agreement with the hand labels.
import type { FailureInput } from "./classify";
import type { FailureClass } from "./taxonomy";

export type CorpusEntry = FailureInput & { label: FailureClass; hard?: boolean; note?: string };

const L = (...lines: string[]) => lines.join("\n");

const rateLimit: CorpusEntry[] = [
  {
    label: "rate_limit",
    harness: "claude-code",
    type: "error_during_execution",
    message: `API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization (4c1f7e0a-2b9d-4e55-9a31-7d0c3f8e2a11) of 450,000 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase."},"request_id":"req_011CTz9wQp4mXb7Yk2LdN8sA"}`,
  },
  {
    label: "rate_limit",
    type: "RateLimitError",
    code: 429,
    message:
      "openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o in organization org-K3xq9LmA2pZ7tR4vN8wB1cYd on tokens per min (TPM): Limit 30000, Used 27841, Requested 6120. Please try again in 7.922s. Visit https://platform.openai.com/account/rate-limits to learn more.', 'type': 'tokens', 'param': None, 'code': 'rate_limit_exceeded'}}",
  },
  {
    label: "rate_limit",
    harness: "codex",
    message:
      "stream error: exceeded retry limit, last status: 429 Too Many Requests, request id: 5b0e9d1c-8f2a-4c3e-b7d6-1a9e4f2c8b30",
  },
  {
    label: "rate_limit",
    harness: "codex",
    model: "gpt-5-codex",
    message:
      "Rate limit reached for gpt-5-codex in organization org-Qm3Zx8Lp1Vn6Tb2Kc9Rw4Hy on tokens per min (TPM): Limit 500000, Used 496210, Requested 12944. Please try again in 1.09s. Visit https://platform.openai.com/account/rate-limits to learn more.",
  },
  {
    label: "rate_limit",
    type: "RESOURCE_EXHAUSTED",
    code: 429,
    message:
      "429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'Resource has been exhausted (e.g. check quota).', 'status': 'RESOURCE_EXHAUSTED'}}",
  },
  {
    label: "rate_limit",
    message:
      "google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for quota metric 'Generate Content API requests per minute' and limit 'GenerateContent request limit per minute for a region' of service 'generativelanguage.googleapis.com' for consumer 'project_number:481516234200'.",
  },
  {
    label: "rate_limit",
    harness: "claude-code",
    type: "success",
    message: "Claude AI usage limit reached|1760036400",
  },
  {
    label: "rate_limit",
    harness: "claude-code",
    type: "success",
    message: "5-hour limit reached ∙ resets 3pm",
  },
  {
    label: "rate_limit",
    harness: "codex",
    message:
      "You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or try again in 2 days 4 hours 12 minutes.",
  },
  {
    label: "rate_limit",
    type: "APIError",
    note: "a 429 from a proxy, as an HTML page",
    message: L(
      "<html>",
      "<head><title>429 Too Many Requests</title></head>",
      "<body>",
      "<center><h1>429 Too Many Requests</h1></center>",
      "<hr><center>nginx</center>",
      "</body>",
      "</html>",
    ),
  },
  {
    label: "rate_limit",
    harness: "aider",
    message:
      'litellm.RateLimitError: RateLimitError: MistralException - {"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","param":null,"code":"1300"}',
  },
  {
    label: "rate_limit",
    note: "Bedrock throttling says 'too many tokens' but is a rate limit",
    message:
      "litellm.RateLimitError: BedrockException - An error occurred (ThrottlingException) when calling the InvokeModelWithResponseStream operation: Too many tokens, please wait before trying again.",
  },
  {
    label: "rate_limit",
    type: "rate_limit_error",
    code: 429,
    message:
      "Number of request tokens has exceeded your per-minute rate limit (https://docs.claude.com/en/api/rate-limits); see the response headers for current usage.",
  },
  {
    label: "rate_limit",
    note: "mentions billing and a payment method, still a rate limit",
    message:
      "Rate limit reached for o3 in organization org-Hn2Wq7Zx4Lm9Pb3Tc8Vr1Ks on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms. Visit https://platform.openai.com/account/rate-limits to learn more. You can increase your rate limit by adding a payment method to your account at https://platform.openai.com/account/billing.",
  },
  {
    label: "rate_limit",
    code: "rate_limit_exceeded",
    hard: true,
    note: "a request bigger than the TPM limit: a rate limit, though it reads like a size problem",
    message:
      "Request too large for gpt-4o in organization org-Zt5Kp2Wm8Qx1Lr7Nc4Vb9Hd on tokens per min (TPM): Limit 30000, Requested 41250. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.",
  },
  {
    label: "rate_limit",
    harness: "aider",
    message: L(
      'litellm.RateLimitError: AnthropicException - {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your organization\'s rate limit of 80,000 output tokens per minute."}}',
      "The API provider has rate limited you. Try again later or check your quotas.",
    ),
  },
  {
    label: "rate_limit",
    tool: "Bash",
    exitCode: 1,
    note: "the npm registry throttling an install",
    message: L(
      "npm error code E429",
      "npm error 429 Too Many Requests - GET https://registry.npmjs.org/@types%2fnode",
      "npm error A complete log of this run can be found in: /home/runner/.npm/_logs/2025-10-02T09_14_51_312Z-debug-0.log",
    ),
  },
  {
    label: "rate_limit",
    tool: "Bash",
    exitCode: 1,
    hard: true,
    note: "GitHub's secondary rate limit, reported as HTTP 403 by gh",
    message:
      "gh: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 8C2E:3A1F:1B9D2E4:1C8A3F0:68DE1A2B. (HTTP 403)",
  },
];

const providerError: CorpusEntry[] = [
  {
    label: "provider_error",
    harness: "claude-code",
    type: "overloaded_error",
    code: 529,
    message:
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CU4kPz9XbW2mQn7LvR3tY"}',
  },
  {
    label: "provider_error",
    harness: "claude-code",
    type: "success",
    message:
      'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"req_011CU8dLm2QwZ5xNp4KvT9bR"}',
  },
  {
    label: "provider_error",
    type: "InternalServerError",
    message:
      "anthropic.InternalServerError: Error code: 500 - {'type': 'error', 'error': {'type': 'api_error', 'message': 'Internal server error'}, 'request_id': 'req_011CTy2Nq8WmZ4pLx7RbK3vD'}",
  },
  {
    label: "provider_error",
    type: "APIStatusError",
    code: 529,
    message:
      "anthropic.APIStatusError: {'type': 'error', 'error': {'details': None, 'type': 'overloaded_error', 'message': 'Overloaded'}}",
  },
  {
    label: "provider_error",
    type: "server_error",
    code: 500,
    message: "The server had an error while processing your request. Sorry about that!",
  },
  {
    label: "provider_error",
    message:
      "openai.InternalServerError: Error code: 502 - {'error': {'message': 'Bad gateway.', 'type': 'cf_bad_gateway', 'param': None, 'code': None}}",
  },
  {
    label: "provider_error",
    message:
      "Error code: 503 - {'error': {'message': 'The engine is currently overloaded, please try again later', 'type': 'server_error', 'param': None, 'code': None}}",
  },
  {
    label: "provider_error",
    harness: "codex",
    message:
      "stream disconnected before completion: error sending request for url (https://chatgpt.com/backend-api/codex/responses)",
  },
  {
    label: "provider_error",
    harness: "codex",
    message:
      "stream disconnected before completion: An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists. Please include the request ID 9f8e7d6c-5b4a-4392-8170-6e5d4c3b2a19 in your message.",
  },
  {
    label: "provider_error",
    harness: "codex",
    message:
      "exceeded retry limit, last status: 500 Internal Server Error, request id: 0c4d2e8f-1a3b-4c5d-9e7f-2b6a8c0d4e1f",
  },
  {
    label: "provider_error",
    type: "UNAVAILABLE",
    code: 503,
    message:
      "503 UNAVAILABLE. {'error': {'code': 503, 'message': 'The model is overloaded. Please try again later.', 'status': 'UNAVAILABLE'}}",
  },
  {
    label: "provider_error",
    message: L(
      "<!DOCTYPE html>",
      '<html lang="en-US"><head><title>api.deepseek.com | 502: Bad gateway</title>',
      '<meta charset="UTF-8" /></head><body><div id="cf-error-details"><h1>Bad gateway</h1>',
      "<span>Error code 502</span><p>Cloudflare Ray ID: 8f3a2c1e9d7b6a54</p></div></body></html>",
    ),
  },
  {
    label: "provider_error",
    type: "ServiceUnavailableError",
    code: 503,
    message: "litellm.ServiceUnavailableError: DeepseekException - Service Unavailable",
  },
  { label: "provider_error", harness: "claude-code", message: "API Error: Connection error." },
  {
    label: "provider_error",
    harness: "claude-code",
    message:
      "API Error: 503 upstream connect error or disconnect/reset before headers. reset reason: overflow",
  },
  {
    label: "provider_error",
    message:
      '{"error":{"message":"Provider returned error","code":502,"metadata":{"raw":"upstream timeout","provider_name":"Fireworks"}},"user_id":"user_2x9Kq4Lm7Zp"}',
  },
  {
    label: "provider_error",
    code: 503,
    message: "The service is temporarily unable to process your request. Please try again later.",
  },
  {
    label: "provider_error",
    type: "APIConnectionError",
    message: "anthropic.APIConnectionError: Connection error.",
  },
];

const auth: CorpusEntry[] = [
  {
    label: "auth",
    harness: "claude-code",
    message:
      'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CU2bTq5WmX8pZn3LrK7vY"} · Please run /login',
  },
  { label: "auth", harness: "claude-code", type: "success", message: "Invalid API key · Please run /login" },
  {
    label: "auth",
    harness: "claude-code",
    message:
      'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"OAuth token has expired. Please obtain a new token or refresh your existing token."},"request_id":"req_011CU9xQm4LpZ2wNb8KrT5vH"}',
  },
  {
    label: "auth",
    type: "invalid_request_error",
    code: 400,
    message:
      "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
  },
  {
    label: "auth",
    type: "invalid_request_error",
    code: "invalid_api_key",
    message:
      "Incorrect API key provided: sk-proj-********************ab12. You can find your API key at https://platform.openai.com/account/api-keys.",
  },
  {
    label: "auth",
    type: "RateLimitError",
    code: 429,
    note: "insufficient_quota is billing, though it comes as a 429",
    message:
      "openai.RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}",
  },
  {
    label: "auth",
    message:
      'API Error: 403 {"type":"error","error":{"type":"permission_error","message":"Your API key does not have permission to use the specified resource."},"request_id":"req_011CUa3Lq9WxZ6mPb2NrT8kD"}',
  },
  {
    label: "auth",
    type: "PERMISSION_DENIED",
    code: 403,
    message:
      "403 PERMISSION_DENIED. Permission denied: Consumer 'api_key:AIzaSyD4k9Qm2Xw7Lp3Zb8Nr5Tc1Vh6Jy0Fe2Gs' has been suspended.",
  },
  {
    label: "auth",
    type: "INVALID_ARGUMENT",
    code: 400,
    message:
      '400 API key not valid. Please pass a valid API key. [reason: "API_KEY_INVALID" domain: "googleapis.com" metadata { key: "service" value: "generativelanguage.googleapis.com" }]',
  },
  {
    label: "auth",
    harness: "codex",
    message:
      'unexpected status 401 Unauthorized: {"error":{"message":"Your authentication token has been invalidated. Please try signing in again.","type":"invalid_request_error","param":null,"code":"token_invalidated"}}',
  },
  {
    label: "auth",
    message:
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"This organization has been disabled."},"request_id":"req_011CUb7Pq3WzX9mLn5KrT2vB"}',
  },
  {
    label: "auth",
    note: "a workspace spend limit: billing",
    message:
      '{"type":"error","error":{"type":"invalid_request_error","message":"You have reached your specified API usage limits. You will regain access on 2025-11-01 at 00:00 UTC."}}',
  },
  {
    label: "auth",
    type: "AuthenticationError",
    code: 401,
    message:
      'litellm.AuthenticationError: DeepseekException - {"error":{"message":"Authentication Fails, Your api key: ****ab12 is invalid","type":"authentication_error","param":null,"code":"invalid_request_error"}}',
  },
  {
    label: "auth",
    message:
      '{"error":{"message":"Insufficient credits. Add more using https://openrouter.ai/settings/credits","code":402}}',
  },
  {
    label: "auth",
    code: "model_not_found",
    hard: true,
    note: "no access to a model; could also be read as a configuration error",
    message: "The model `gpt-5-pro` does not exist or you do not have access to it.",
  },
];

const contextOverflow: CorpusEntry[] = [
  {
    label: "context_overflow",
    harness: "claude-code",
    message:
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 211442 tokens > 200000 maximum"},"request_id":"req_011CUc4Nq8WmZ3pLx6RbK9vT"}',
  },
  { label: "context_overflow", harness: "claude-code", type: "success", message: "Prompt is too long" },
  {
    label: "context_overflow",
    type: "invalid_request_error",
    code: "context_length_exceeded",
    message:
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
  },
  {
    label: "context_overflow",
    type: "invalid_request_error",
    message: "Your input exceeds the context window of this model. Please adjust your input and try again.",
  },
  {
    label: "context_overflow",
    harness: "codex",
    message:
      "Codex ran out of room in the model's context window. Start a new conversation or clear earlier history before retrying.",
  },
  {
    label: "context_overflow",
    harness: "aider",
    type: "ContextWindowExceededError",
    message: "Your estimated chat context of 135,042 tokens exceeds the 128,000 token limit for gpt-4o!",
  },
  {
    label: "context_overflow",
    type: "INVALID_ARGUMENT",
    code: 400,
    message:
      "400 INVALID_ARGUMENT. The input token count (1248331) exceeds the maximum number of tokens allowed (1048576).",
  },
  {
    label: "context_overflow",
    message:
      "input length and `max_tokens` exceed context limit: 187254 + 32000 > 200000, decrease input length or `max_tokens` and try again",
  },
  {
    label: "context_overflow",
    message:
      "An error occurred (ValidationException) when calling the InvokeModel operation: Input is too long for requested model.",
  },
  {
    label: "context_overflow",
    harness: "aider",
    message:
      "litellm.ContextWindowExceededError: litellm.BadRequestError: ContextWindowExceededError: OpenAIException - This model's maximum context length is 65536 tokens. However, you requested 70211 tokens (66115 in the messages, 4096 in the completion). Please reduce the length of the messages or completion.",
  },
  {
    label: "context_overflow",
    code: 413,
    message:
      "Error code: 413 - {'type': 'error', 'error': {'type': 'request_too_large', 'message': 'Request exceeds the maximum size'}}",
  },
  {
    label: "context_overflow",
    harness: "claude-code",
    hard: true,
    note: "the response, not the prompt, hit a token maximum",
    message:
      "API Error: Claude's response exceeded the 32000 output token maximum. To configure this behavior, set the CLAUDE_CODE_MAX_OUTPUT_TOKENS environment variable.",
  },
  {
    label: "context_overflow",
    message:
      "This model's maximum context length is 32768 tokens. However, you requested 33507 tokens in the messages, Please reduce the length of the messages.",
  },
];

const maxTurns: CorpusEntry[] = [
  { label: "max_turns", harness: "claude-code", type: "error_max_turns", message: "error_max_turns" },
  { label: "max_turns", harness: "claude-code", message: "Error: Reached max turns (25)" },
  {
    label: "max_turns",
    harness: "codex",
    message: "Agent stopped: turn limit of 60 reached before the task was complete",
  },
  { label: "max_turns", harness: "aider", message: "Only 3 reflections allowed, stopping." },
  { label: "max_turns", harness: "opencode", message: "Session aborted: max steps (50) exceeded" },
  {
    label: "max_turns",
    type: "GraphRecursionError",
    message:
      "Recursion limit of 25 reached without hitting a stop condition. You can increase the limit by setting the `recursion_limit` config key.",
  },
  { label: "max_turns", message: "Agent stopped due to iteration limit or time limit." },
  {
    label: "max_turns",
    type: "MaxTurnsExceeded",
    message: "agents.exceptions.MaxTurnsExceeded: Max turns (10) exceeded",
  },
  {
    label: "max_turns",
    harness: "looper",
    message: "MaxIterationsExceeded: max iterations (30) reached without completing task",
  },
  { label: "max_turns", message: "Reached max steps." },
];

const budget: CorpusEntry[] = [
  {
    label: "budget_exceeded",
    harness: "claude-code",
    type: "error_max_budget_usd",
    message: "error_max_budget_usd",
  },
  {
    label: "budget_exceeded",
    harness: "looper",
    message: "BudgetExceeded: cost $2.1034 > max_cost_usd 2.00",
  },
  {
    label: "budget_exceeded",
    message: "Budget exceeded: job job_01J9QK4ZT8M2XW5N7PB3RC6HDV spent $10.42 of its $10.00 limit",
  },
  {
    label: "budget_exceeded",
    message: "Stopping: session cost $4.97 exceeded the configured cost limit of $4.50",
  },
  {
    label: "budget_exceeded",
    message: "Token budget exhausted: used 2,004,118 of 2,000,000 tokens allowed for this run",
  },
  {
    label: "budget_exceeded",
    message: "Run halted: daily spend cap of $200.00 for project payments reached",
  },
  {
    label: "budget_exceeded",
    type: "BudgetExceededError",
    message: "litellm.BudgetExceededError: Budget has been exceeded! Current cost: 25.0312, Max budget: 25.0",
  },
  {
    label: "budget_exceeded",
    message: "Agent reached maximum budget for conversation.Current budget: 1.02, max budget: 1.00",
  },
];

const timeout: CorpusEntry[] = [
  { label: "timeout", exitCode: 124, message: "Job exceeded wall-clock limit of 45m0s; sent SIGTERM" },
  {
    label: "timeout",
    type: "DeadlineExceeded",
    message: "job job_01J8XK2ZQ4M7WN9PB5RC3HDT6V: context deadline exceeded after 30m12s",
  },
  {
    label: "timeout",
    type: "APIConnectionTimeoutError",
    message: "APIConnectionTimeoutError: Request timed out.",
  },
  { label: "timeout", harness: "claude-code", message: "API Error: Request timed out." },
  { label: "timeout", tool: "Bash", exitCode: 143, message: "Command timed out after 10m 0.0s: pytest -q" },
  {
    label: "timeout",
    message:
      "The job running on runner GitHub Actions 12 has exceeded the maximum execution time of 360 minutes.",
  },
  { label: "timeout", type: "ReadTimeout", message: "httpx.ReadTimeout: The read operation timed out" },
  { label: "timeout", harness: "codex", tool: "shell", message: "command timed out after 600s" },
  {
    label: "timeout",
    tool: "mcp__playwright__browser_navigate",
    message: "TimeoutError: Navigation timeout of 30000 ms exceeded",
  },
  { label: "timeout", type: "DeadlineExceeded", message: "Job has reached the specified deadline" },
  { label: "timeout", exitCode: 124, message: "Terminated" },
  { label: "timeout", message: "Timed out waiting for the agent to respond after 900s (no output)" },
  { label: "timeout", type: "TimeoutError", message: "asyncio.exceptions.TimeoutError" },
];

const toolError: CorpusEntry[] = [
  {
    label: "tool_error",
    tool: "Edit",
    harness: "claude-code",
    message: L(
      "<tool_use_error>String to replace not found in file.",
      "String:   const total = items.reduce((s, i) => s + i.price, 0)</tool_use_error>",
    ),
  },
  {
    label: "tool_error",
    tool: "Edit",
    harness: "claude-code",
    message:
      "<tool_use_error>Found 2 matches of the string to replace, but replace_all is false. To replace all occurrences, set replace_all to true. To replace only one occurrence, please provide more context to uniquely identify the instance.\nString: return null;</tool_use_error>",
  },
  {
    label: "tool_error",
    tool: "Write",
    harness: "claude-code",
    message:
      "<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>",
  },
  {
    label: "tool_error",
    tool: "Read",
    harness: "claude-code",
    message: "File does not exist. Current working directory: /home/runner/work/api/api",
  },
  {
    label: "tool_error",
    tool: "Read",
    harness: "claude-code",
    note: "talks about tokens but is a tool limit, not the context window",
    message:
      "File content (48211 tokens) exceeds maximum allowed tokens (25000). Please use offset and limit parameters to read specific portions of the file, or use the GrepTool to search for specific content.",
  },
  {
    label: "tool_error",
    tool: "apply_patch",
    harness: "codex",
    message: L(
      "apply_patch verification failed: Failed to find expected lines in src/server/routes.rs:",
      "    let app = Router::new()",
      '        .route("/health", get(health))',
    ),
  },
  {
    label: "tool_error",
    harness: "aider",
    message: L(
      "SearchReplaceNoExactMatch: The SEARCH section must exactly match an existing block of lines including all white space, comments, indentation, docstrings, etc",
      "app/billing/invoice.py",
    ),
  },
  {
    label: "tool_error",
    tool: "edit",
    harness: "opencode",
    message: "Error: oldString not found in content or was found multiple times",
  },
  {
    label: "tool_error",
    tool: "mcp__github__create_pull_request",
    message: 'MCP error -32603: Internal error: connection to server "github" closed',
  },
  {
    label: "tool_error",
    tool: "mcp__linear__search_issues",
    hard: true,
    note: "an MCP call that timed out: a tool error or a timeout",
    message: "MCP error -32001: Request timed out",
  },
  { label: "tool_error", tool: "WebFetch", message: "Request failed with status code 404" },
  {
    label: "tool_error",
    tool: "Read",
    message: "Error: ENOENT: no such file or directory, open '/workspace/api/src/handlers/legacy.ts'",
  },
  {
    label: "tool_error",
    tool: "Bash",
    harness: "claude-code",
    message:
      "Permission to use Bash with command rm -rf dist node_modules has been denied. IMPORTANT: You *may* attempt to accomplish this action using other tools that might naturally be used to accomplish this goal.",
  },
  {
    label: "tool_error",
    tool: "Write",
    harness: "claude-code",
    message: "Claude requested permissions to write to /etc/hosts, but you haven't granted it yet.",
  },
  {
    label: "tool_error",
    tool: "shell",
    harness: "codex",
    message:
      "failed in sandbox LinuxSeccomp with execution error: sandbox denied exec error, exit code: 1, stdout: , stderr: mkdir: cannot create directory '/usr/local/lib/node_modules/pnpm': Permission denied",
  },
  {
    label: "tool_error",
    tool: "Bash",
    harness: "claude-code",
    message:
      "PreToolUse:Bash hook error: [python3 .claude/hooks/guard.py]: Blocked: force push to main is not allowed",
  },
  {
    label: "tool_error",
    tool: "Edit",
    message:
      "InputValidationError: Edit failed due to the following issue:\nThe required parameter `old_string` is missing",
  },
  {
    label: "tool_error",
    message:
      "Tool call failed 3 times in a row: Error: EACCES: permission denied, open '/workspace/.git/config'",
  },
  { label: "tool_error", tool: "Bash", exitCode: 127, message: "bash: line 1: rg: command not found" },
  {
    label: "tool_error",
    tool: "mcp__jira__create_issue",
    message: "Error: No such tool available: mcp__jira__create_issue",
  },
];

const testFailure: CorpusEntry[] = [
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "FAILED tests/test_invoice.py::test_vat_eu_b2b - AssertionError: assert Decimal('19.99') == Decimal('20.00')",
      "1 failed, 212 passed in 8.41s",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    note: "a test about rate limiting: 429 and 'rate limit' in the output",
    message: L(
      "============================= test session starts ==============================",
      "collected 48 items",
      "",
      "tests/test_api.py ....F...........",
      "=================================== FAILURES ===================================",
      "_________________________ test_rate_limit_returns_429 __________________________",
      "",
      "    def test_rate_limit_returns_429(client):",
      "        for _ in range(11):",
      '            resp = client.get("/api/orders")',
      ">       assert resp.status_code == 429",
      "E       assert 200 == 429",
      "E        +  where 200 = <Response [200]>.status_code",
      "",
      "tests/test_api.py:88: AssertionError",
      "=========================== short test summary info ============================",
      "FAILED tests/test_api.py::test_rate_limit_returns_429 - assert 200 == 429",
      "========================= 1 failed, 47 passed in 3.02s =========================",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "--- FAIL: TestParseConfig_EmptyInput (0.00s)",
      "    config_test.go:57: got <nil>, want &Config{Port:8080}",
      "FAIL",
      "FAIL\tgithub.com/acme/gateway/internal/config\t0.412s",
      "FAIL",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 2,
    note: "a hung test: says 'timed out' and 'panic'",
    message: L(
      "panic: test timed out after 10m0s",
      "\trunning tests:",
      "\t\tTestWatcher_Reconnect (10m0s)",
      "",
      "goroutine 34 [running]:",
      "testing.(*M).startAlarm.func1()",
      "\t/usr/local/go/src/testing/testing.go:2373 +0x385",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    note: "jest test timeout, and a 503 in the test name",
    message: L(
      " FAIL  src/api/client.test.ts (12.3 s)",
      "  ● ApiClient › retries on 503",
      "",
      '    thrown: "Exceeded timeout of 5000 ms for a test.',
      '    Add a timeout value to this test to increase the timeout, if this is a long-running test. See https://jestjs.io/docs/api#testname-fn-timeout."',
      "",
      "Test Suites: 1 failed, 23 passed, 24 total",
      "Tests:       1 failed, 301 passed, 302 total",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      " FAIL  src/cart/discount.test.ts > applyDiscount > applies the discount once",
      "AssertionError: expected 90 to be 81 // Object.is equality",
      " ❯ src/cart/discount.test.ts:42:19",
      "",
      " Test Files  1 failed | 37 passed (38)",
      "      Tests  1 failed | 412 passed (413)",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 101,
    message: L(
      "thread 'parser::tests::parses_empty_manifest' panicked at src/parser.rs:211:9:",
      "assertion `left == right` failed",
      "  left: None",
      " right: Some(Manifest { version: 2, .. })",
      "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
      "",
      "test result: FAILED. 86 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.42s",
      "",
      "error: test failed, to rerun pass `--lib`",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "  14 passing (2s)",
      "  1 failing",
      "",
      "  1) UserService",
      "       #create()",
      "         rejects duplicate emails:",
      "     AssertionError [ERR_ASSERTION]: Missing expected rejection.",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "Failures:",
      "",
      "  1) Invoice#total includes tax",
      "     Failure/Error: expect(invoice.total).to eq(119.0)",
      "",
      "       expected: 119.0",
      "            got: 100.0",
      "",
      "Finished in 1.23 seconds (files took 2.1 seconds to load)",
      "42 examples, 1 failure",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    note: "an integration test whose database refused connections",
    message: L(
      'FAILED tests/integration/test_repo.py::test_insert_order - psycopg.OperationalError: connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused',
      "1 failed, 63 passed, 2 skipped in 12.77s",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    note: "playwright: a failed expectation that timed out",
    message: L(
      "  1) [chromium] › tests/checkout.spec.ts:24:5 › checkout › pays with a saved card ───────────",
      "",
      "    Error: Timed out 5000ms waiting for expect(locator).toBeVisible()",
      "",
      "  1 failed",
      "    [chromium] › tests/checkout.spec.ts:24:5 › checkout › pays with a saved card",
      "  17 passed (41.2s)",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "==================",
      "WARNING: DATA RACE",
      "Write at 0x00c0001a4010 by goroutine 9:",
      "--- FAIL: TestCache_ConcurrentSet (0.02s)",
      "    testing.go:1465: race detected during execution of test",
      "FAIL",
      "FAIL\tgithub.com/acme/kv/cache\t1.204s",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "FAIL: test_parse_date (tests.test_utils.TestUtils.test_parse_date)",
      "----------------------------------------------------------------------",
      "Traceback (most recent call last):",
      '  File "/app/tests/test_utils.py", line 42, in test_parse_date',
      '    self.assertEqual(parse_date("2024-02-30"), None)',
      "AssertionError: datetime.date(2024, 3, 1) != None",
      "",
      "----------------------------------------------------------------------",
      "Ran 37 tests in 0.210s",
      "",
      "FAILED (failures=1)",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    note: "npm ERR! and a 500 in the assertion: still a test failure",
    message: L(
      "> api@1.4.0 test",
      "> jest --ci",
      "",
      "FAIL src/routes/orders.test.js",
      "  ● POST /orders › rejects empty cart",
      "",
      "    expect(received).toBe(expected) // Object.is equality",
      "",
      "    Expected: 400",
      "    Received: 500",
      "",
      "Tests:       1 failed, 88 passed, 89 total",
      "npm ERR! code ELIFECYCLE",
      "npm ERR! errno 1",
      "npm ERR! api@1.4.0 test: `jest --ci`",
      "npm ERR! Exit status 1",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "There was 1 failure:",
      "",
      "1) Tests\\Unit\\CartTest::testTotalIncludesShipping",
      "Failed asserting that 1999 matches expected 2000.",
      "",
      "/app/tests/Unit/CartTest.php:31",
      "",
      "FAILURES!",
      "Tests: 112, Assertions: 340, Failures: 1.",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "Error: Test assertion failed",
      "",
      '  on tests/tags.tftest.hcl line 14, in run "required_tags":',
      '  14:     condition     = aws_s3_bucket.logs.tags["cost-center"] != null',
      "",
      "missing cost-center tag",
      "",
      "Failure! 0 passed, 1 failed.",
    ),
  },
  {
    label: "test_failure",
    type: "TestFailure",
    exitCode: 1,
    message: "--- FAIL: TestRefund_PartialAmount (0.01s)\n    refund_test.go:88: got 1999, want 2000",
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      " FAIL  src/lib/money.test.ts [ src/lib/money.test.ts ]",
      "Error: Failed to load url ./format (resolved id: ./format) in /workspace/web/src/lib/money.test.ts. Does the file exist?",
      " Test Files  1 failed | 12 passed (13)",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message:
      "Failed!  - Failed:     2, Passed:   140, Skipped:     0, Total:   142, Duration: 3 s - Api.Tests.dll (net8.0)",
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      " › 1 snapshot failed from 1 test suite. Inspect your code changes or run `npm test -- -u` to update them.",
      "",
      "Snapshot Summary",
      " › 1 snapshot failed from 1 test suite.",
      "",
      "Tests:       1 failed, 64 passed, 65 total",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "✗ formats negative amounts [2 ms]",
      "",
      '  Expected: "-€12.00"',
      '  Received: "€-12.00"',
      "",
      "Tests: 1 failed, 40 passed, 41 total",
    ),
  },
];

const buildError: CorpusEntry[] = [
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 2,
    message: L(
      "src/orders/service.ts(88,17): error TS2345: Argument of type 'string | undefined' is not assignable to parameter of type 'string'.",
      "  Type 'undefined' is not assignable to type 'string'.",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "Failed to compile.",
      "",
      "./src/app/(shop)/cart/page.tsx",
      "Module not found: Can't resolve '@/lib/money'",
      "",
      "https://nextjs.org/docs/messages/module-not-found",
      "",
      "> Build failed because of webpack errors",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "./src/components/OrderTable.tsx:42:7",
      "Type error: Property 'total' does not exist on type 'Order'.",
      "",
      "  40 |   return rows.map((o) => (",
      "> 42 |       {o.total}",
      "",
      "Next.js build worker exited with code: 1 and signal: null",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      '✘ [ERROR] Could not resolve "node:sqlite"',
      "",
      "    src/db.ts:1:23:",
      '      1 │ import { DatabaseSync } from "node:sqlite";',
      "",
      "1 error",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      '[vite]: Rollup failed to resolve import "@tanstack/react-query" from "/app/src/main.tsx".',
      "This is most likely unintended because it can break your application at runtime.",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 101,
    message: L(
      "   Compiling gateway v0.4.0 (/workspace/gateway)",
      "error[E0382]: borrow of moved value: `cfg`",
      "  --> src/main.rs:41:20",
      "",
      'error: could not compile `gateway` (bin "gateway") due to 1 previous error',
    ),
  },
  {
    label: "build_error",
    type: "BuildError",
    exitCode: 1,
    message: "# github.com/acme/gateway/internal/store\ninternal/store/pg.go:112:9: undefined: pgx.NamedArgs",
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 2,
    message: L(
      "src/parser.c:214:5: error: implicit declaration of function 'strlcpy'; did you mean 'strncpy'? [-Werror=implicit-function-declaration]",
      "  214 |     strlcpy(buf, src, sizeof buf);",
      "cc1: all warnings being treated as errors",
      "make: *** [Makefile:32: build/parser.o] Error 1",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "/usr/bin/ld: build/main.o: in function `main':",
      "main.c:(.text+0x2a): undefined reference to `curl_easy_init'",
      "collect2: error: ld returned 1 exit status",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "npm error code ERESOLVE",
      "npm error ERESOLVE unable to resolve dependency tree",
      "npm error",
      "npm error While resolving: web@0.1.0",
      "npm error Found: react@19.1.0",
      "npm error Could not resolve dependency:",
      'npm error peer react@"^18.0.0" from react-beautiful-dnd@13.1.1',
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 254,
    message: L(
      "npm error code ENOENT",
      "npm error syscall open",
      "npm error path /workspace/api/package.json",
      "npm error errno -2",
      "npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '/workspace/api/package.json'",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 2,
    message: L(
      "npm ERR! code ELIFECYCLE",
      "npm ERR! errno 2",
      "npm ERR! web@0.3.1 build: `tsc -p tsconfig.build.json`",
      "npm ERR! Exit status 2",
      "npm ERR! Failed at the web@0.3.1 build script.",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message:
      ' ERR_PNPM_OUTDATED_LOCKFILE  Cannot install with "frozen-lockfile" because pnpm-lock.yaml is not up to date with packages/api/package.json',
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "➤ YN0001: │ Error: @acme/ui@workspace:^: Workspace not found (@acme/ui@workspace:^)",
      "➤ YN0000: └ Completed in 0s 312ms",
      "➤ YN0000: Failed with errors in 0s 331ms",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "ERROR: Could not find a version that satisfies the requirement torch==2.5.0+cu121 (from versions: 2.6.0, 2.7.0)",
      "ERROR: No matching distribution found for torch==2.5.0+cu121",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      'app/billing/invoice.py:88: error: Argument 1 to "apply_vat" has incompatible type "str"; expected "Decimal"  [arg-type]',
      "Found 1 error in 1 file (checked 214 source files)",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: "app/settings.py:12:5: F821 Undefined name `settings`\nFound 1 error.",
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "Traceback (most recent call last):",
      '  File "/workspace/svc/manage.py", line 3, in <module>',
      "    from app.settings import Settings",
      '  File "/workspace/svc/app/settings.py", line 1, in <module>',
      "    from pydantic_settings import BaseSettings",
      "ModuleNotFoundError: No module named 'pydantic_settings'",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "FAILURE: Build failed with an exception.",
      "",
      "* What went wrong:",
      "Execution failed for task ':app:compileKotlin'.",
      "> Compilation error. See log for more details",
      "",
      "BUILD FAILED in 41s",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message:
      'ERROR: failed to solve: process "/bin/sh -c npm ci --omit=dev" did not complete successfully: exit code: 1',
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 2,
    note: "mentions a memory cache, not memory exhaustion",
    message:
      "src/cache/lru.ts(17,3): error TS2416: Property 'evict' in type 'MemoryCache' is not assignable to the same property in base type 'Cache'.",
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "/workspace/web/src/app/page.tsx",
      "  12:7  error  'user' is assigned a value but never used  @typescript-eslint/no-unused-vars",
      "",
      "✖ 1 problem (1 error, 0 warnings)",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "go: github.com/acme/gateway/internal/store: missing go.sum entry for module providing package github.com/jackc/pgx/v5 (imported by github.com/acme/gateway/internal/store); to add:",
      "\tgo get github.com/acme/gateway/internal/store",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "Error: Unsupported argument",
      "",
      '  on main.tf line 22, in module "eks":',
      "  22:   cluster_version = var.k8s_version",
      "",
      'An argument named "cluster_version" is not expected here.',
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile (default-compile) on project api: Compilation failure",
      "[ERROR] /app/src/main/java/com/acme/Api.java:[42,17] cannot find symbol",
      "[ERROR]   symbol:   class OrderDto",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 2,
    hard: true,
    note: "a test package that does not compile: go test reports FAIL, the cause is a build error",
    message: L(
      "# github.com/acme/gateway/internal/auth [github.com/acme/gateway/internal/auth.test]",
      "internal/auth/jwt_test.go:41:12: undefined: newSigner",
      "FAIL\tgithub.com/acme/gateway/internal/auth [build failed]",
      "FAIL",
    ),
  },
];

const gitError: CorpusEntry[] = [
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "To https://github.com/acme/payments.git",
      " ! [rejected]        HEAD -> fix/refund-rounding (non-fast-forward)",
      "error: failed to push some refs to 'https://github.com/acme/payments.git'",
      "hint: Updates were rejected because the tip of your current branch is behind",
      "hint: its remote counterpart.",
    ),
  },
  {
    label: "git_error",
    type: "GitError",
    exitCode: 1,
    message:
      " ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs to 'github.com:acme/infra.git'",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "Auto-merging src/billing/invoice.ts",
      "CONFLICT (content): Merge conflict in src/billing/invoice.ts",
      "error: could not apply 4e1d2c9... Round VAT per line",
      "hint: Resolve all conflicts manually, mark them as resolved with",
      'hint: "git add/rm <conflicted_files>", then run "git rebase --continue".',
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "Auto-merging go.sum",
      "CONFLICT (content): Merge conflict in go.sum",
      "Automatic merge failed; fix conflicts and then commit the result.",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    message:
      "CONFLICT (modify/delete): docs/setup.md deleted in HEAD and modified in origin/main.  Version origin/main of docs/setup.md left in tree.",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message:
      "remote: Invalid username or token. Password authentication is not supported for Git operations.\nfatal: Authentication failed for 'https://github.com/acme/payments.git/'",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message: L(
      "git@github.com: Permission denied (publickey).",
      "fatal: Could not read from remote repository.",
      "",
      "Please make sure you have the correct access rights",
      "and the repository exists.",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message: "fatal: not a git repository (or any of the parent directories): .git",
  },
  {
    label: "git_error",
    type: "GitError",
    exitCode: 128,
    note: "git failing for a network reason is still reported as git",
    message: "fatal: unable to access 'https://github.com/acme/api.git/': Could not resolve host: github.com",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "remote: error: GH006: Protected branch update failed for refs/heads/main.",
      "remote: - Changes must be made through a pull request.",
      "To https://github.com/acme/web.git",
      " ! [remote rejected] HEAD -> main (protected branch hook declined)",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message: "fatal: a branch named 'agent/issue-412' already exists",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "error: Your local changes to the following files would be overwritten by checkout:",
      "\tpackage-lock.json",
      "Please commit your changes or stash them before you switch branches.",
      "Aborting",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    message: "error: pathspec 'feature/new-auth' did not match any file(s) known to git",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message: L(
      "fatal: You are not currently on a branch.",
      "To push the history leading to the current (detached HEAD)",
      "state now, use",
      "",
      "    git push origin HEAD:<name-of-remote-branch>",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message: L(
      "hint: You have divergent branches and need to specify how to reconcile them.",
      "fatal: Need to specify how to reconcile divergent branches.",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    note: "an HTTP 500 from the git remote, not from the model provider",
    message: L(
      "error: RPC failed; HTTP 500 curl 22 The requested URL returned error: 500",
      "send-pack: unexpected disconnect while reading sideband packet",
      "fatal: the remote end hung up unexpectedly",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message: L(
      "remote: Permission to acme/payments.git denied to fleet-bot.",
      "fatal: unable to access 'https://github.com/acme/payments.git/': The requested URL returned error: 403",
    ),
  },
  {
    label: "git_error",
    type: "GitError",
    message:
      "error: cannot lock ref 'refs/heads/agent/fix-cart': is at 3a1b9c2e7d4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b but expected 9c2d4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    hard: true,
    note: "GitHub refusing a pull request: shipping failed, but it is not git's own wording",
    message:
      "pull request create failed: GraphQL: No commits between main and agent/issue-88 (createPullRequest)",
  },
];

const infra: CorpusEntry[] = [
  { label: "infra", type: "OOMKilled", exitCode: 137, message: "Killed" },
  {
    label: "infra",
    tool: "Bash",
    exitCode: 137,
    message: "bash: line 1:  4821 Killed                  npm run build",
  },
  {
    label: "infra",
    message:
      "Memory cgroup out of memory: Killed process 38122 (node) total-vm:14482112kB, anon-rss:6913404kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:22468kB oom_score_adj:0",
  },
  { label: "infra", message: "Container runner was OOMKilled (exit code 137); memory limit 8Gi" },
  { label: "infra", type: "Error", code: "ENOSPC", message: "Error: ENOSPC: no space left on device, write" },
  {
    label: "infra",
    type: "OSError",
    message: "OSError: [Errno 28] No space left on device: '/tmp/pip-unpack-x8d2k1qz'",
  },
  {
    label: "infra",
    tool: "Bash",
    exitCode: 128,
    note: "git could not write: the disk is full, whatever was running",
    message: "error: unable to write file src/app.ts\nfatal: write error: No space left on device",
  },
  { label: "infra", message: "Error: EMFILE: too many open files, watch '/workspace/web/src'" },
  { label: "infra", type: "Error", code: "ECONNRESET", message: "read ECONNRESET" },
  { label: "infra", type: "Error", code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND registry.npmjs.org" },
  {
    label: "infra",
    tool: "Bash",
    exitCode: 1,
    note: "npm failing for a network reason",
    message: L(
      "npm error code ECONNRESET",
      "npm error network aborted",
      "npm error network This is a problem related to network connectivity.",
      "npm error network In most cases you are behind a proxy or have bad network settings.",
    ),
  },
  {
    label: "infra",
    type: "Error",
    code: "ETIMEDOUT",
    note: "a connection timeout is the network, not a job timeout",
    message: "connect ETIMEDOUT 140.82.112.4:443",
  },
  { label: "infra", type: "Error", code: "ECONNREFUSED", message: "connect ECONNREFUSED 10.0.4.17:5432" },
  { label: "infra", tool: "Bash", exitCode: 6, message: "curl: (6) Could not resolve host: api.github.com" },
  {
    label: "infra",
    type: "Evicted",
    message:
      "The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi, available: 3012Mi. Container runner was using 22Gi, request is 0.",
  },
  {
    label: "infra",
    message:
      'Failed to pull image "ghcr.io/acme/agent-runner:1.14.2": rpc error: code = Unknown desc = failed to pull and unpack image: failed to resolve reference: unexpected status from HEAD request: 401 Unauthorized; Back-off pulling image: ErrImagePull',
    note: "an image pull failing with a 401 is the platform, not the model provider",
  },
  {
    label: "infra",
    message:
      "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
  },
  {
    label: "infra",
    tool: "Bash",
    exitCode: 1,
    message:
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: /simple/numpy/ (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f3a2c1e4d90>: Failed to establish a new connection: [Errno 101] Network is unreachable'))",
  },
  {
    label: "infra",
    tool: "Bash",
    exitCode: 1,
    message:
      'go: github.com/jackc/pgx/v5@v5.7.1: Get "https://proxy.golang.org/github.com/jackc/pgx/v5/@v/v5.7.1.mod": dial tcp: lookup proxy.golang.org on 10.96.0.10:53: read udp 10.244.1.7:41822->10.96.0.10:53: i/o timeout',
  },
  {
    label: "infra",
    tool: "Bash",
    exitCode: 134,
    note: "a build's node process ran out of heap",
    message: L(
      "<--- Last few GCs --->",
      "",
      "[2871:0x6a8f000]   182331 ms: Mark-Compact 4046.2 (4130.8) -> 4033.9 (4132.1) MB, 1822.4 / 0.0 ms  (average mu = 0.112, current mu = 0.021) allocation failure; scavenge might not succeed",
      "",
      "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
      " 1: 0xb8a7c0 node::Abort() [node]",
    ),
  },
  {
    label: "infra",
    message:
      "Runner lost: the spot instance i-0a3f9c2e71b4d5e68 was reclaimed (preempted) by the cloud provider",
  },
  {
    label: "infra",
    tool: "Write",
    message: "Error: EROFS: read-only file system, open '/app/.cache/state.json'",
  },
  {
    label: "infra",
    message:
      "The runner has received a shutdown signal. This can happen when the runner service is stopped, or a manually started runner is canceled.",
  },
  { label: "infra", tool: "Bash", exitCode: -1, message: "signal: killed" },
];

const harnessCrash: CorpusEntry[] = [
  {
    label: "harness_crash",
    harness: "claude-code",
    exitCode: 1,
    message: L(
      "TypeError: Cannot read properties of undefined (reading 'content')",
      "    at file:///usr/local/lib/node_modules/@anthropic-ai/claude-code/cli.js:2291:18442",
      "    at async Promise.all (index 0)",
    ),
  },
  {
    label: "harness_crash",
    harness: "codex",
    exitCode: 101,
    message: L(
      "thread 'main' panicked at codex-rs/core/src/codex.rs:1834:41:",
      "called `Option::unwrap()` on a `None` value",
      "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
    ),
  },
  {
    label: "harness_crash",
    harness: "aider",
    exitCode: 1,
    message: L(
      "Traceback (most recent call last):",
      '  File "/usr/local/lib/python3.12/site-packages/aider/coders/base_coder.py", line 1422, in send_message',
      "    content = self.partial_response_content.strip()",
      "AttributeError: 'NoneType' object has no attribute 'strip'",
    ),
  },
  {
    label: "harness_crash",
    harness: "opencode",
    exitCode: 2,
    message: L(
      "panic: runtime error: invalid memory address or nil pointer dereference",
      "[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x10a4c2f]",
      "",
      "goroutine 87 [running]:",
      "github.com/sst/opencode/internal/session.(*Manager).Step(...)",
    ),
  },
  { label: "harness_crash", harness: "looper", exitCode: 139, message: "Segmentation fault (core dumped)" },
  {
    label: "harness_crash",
    harness: "claude-code",
    type: "FatalError",
    exitCode: 134,
    note: "the harness's own node process ran out of heap",
    message: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
  },
  { label: "harness_crash", message: "runner lost contact with the harness (pid 48213); no result reported" },
  {
    label: "harness_crash",
    exitCode: 1,
    message: L(
      "node:internal/process/promises:391",
      "    triggerUncaughtException(err, true /* fromPromise */);",
      "    ^",
      "",
      '[UnhandledPromiseRejection: This error originated either by throwing inside of an async function without a catch block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason "#<Object>".] {',
      "  code: 'ERR_UNHANDLED_REJECTION'",
      "}",
    ),
  },
  {
    label: "harness_crash",
    harness: "claude-code",
    type: "error_during_execution",
    message: "[ede_diagnostic] result_type=user last_content_type=n/a stop_reason=null",
  },
  {
    label: "harness_crash",
    harness: "claude-code",
    note: "the harness sent the API an invalid conversation",
    message:
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.14: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_01XyZ8kQm4Wp. Each `tool_use` block must have a corresponding `tool_result` block in the next message."}}',
  },
  {
    label: "harness_crash",
    harness: "looper",
    exitCode: 1,
    message:
      "looper.errors.StateCorrupted: checkpoint /var/lib/looper/state/job_81.json truncated at byte 40212 (looper 0.9.3)",
  },
  {
    label: "harness_crash",
    harness: "claude-code",
    hard: true,
    note: "the SDK's only words for a harness that died",
    message: "Claude Code process exited with code 1",
  },
  {
    label: "harness_crash",
    exitCode: 2,
    message: L(
      "fatal error: concurrent map writes",
      "",
      "goroutine 112 [running]:",
      "internal/runtime/maps.fatal({0x1b2c3d4, 0x15})",
    ),
  },
  {
    label: "harness_crash",
    exitCode: 132,
    message: L(
      "panic(main thread): Segmentation fault at address 0x0",
      "oh no: Bun has crashed. This indicates a bug in Bun, not your code.",
    ),
  },
];

const refusal: CorpusEntry[] = [
  {
    label: "refusal",
    harness: "claude-code",
    message:
      "API Error: Claude Code is unable to respond to this request, which appears to violate our Usage Policy (https://www.anthropic.com/legal/aup). Please double press esc to edit your last message or start a new session for Claude Code to assist with a different task.",
  },
  {
    label: "refusal",
    type: "refusal",
    message: "I can't help build a working exploit that extracts customer records, even against staging.",
  },
  { label: "refusal", message: "Model refused the task: I'm sorry, but I can't help with that." },
  { label: "refusal", type: "SAFETY", message: "Response was blocked due to SAFETY (finish_reason: SAFETY)" },
  {
    label: "refusal",
    code: "invalid_prompt",
    message:
      "Invalid prompt: your prompt was flagged as potentially violating our usage policy. Please try again with a different prompt: https://platform.openai.com/docs/guides/reasoning#advice-on-prompting",
  },
  {
    label: "refusal",
    code: "content_filter",
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
  },
  { label: "refusal", message: 'Model stopped with stop_reason "refusal" after 0 output tokens' },
  {
    label: "refusal",
    harness: "codex",
    message:
      "This content was flagged for possible cybersecurity risk. If this seems wrong, try rephrasing your request.",
  },
  {
    label: "refusal",
    message:
      "I won't assist with bypassing the license check in this binary; doing so would circumvent the vendor's DRM.",
  },
  { label: "refusal", message: "Candidate was blocked due to PROHIBITED_CONTENT" },
];

const looping: CorpusEntry[] = [
  { label: "looping", message: "Loop detected: the last 6 tool calls were identical (Bash: npm test)" },
  { label: "looping", message: "No progress in 12 turns (workspace diff unchanged at 3f9c2ab); aborting" },
  { label: "looping", message: "Stopping: repeated identical tool call detected 5 times" },
  {
    label: "looping",
    harness: "aider",
    message: "The LLM did not conform to the edit format. Gave up after 3 reflections.",
  },
  {
    label: "looping",
    harness: "opencode",
    message: "doom_loop: the same tool call (read src/index.ts) was repeated 3 times with identical input",
  },
  {
    label: "looping",
    message: "Agent appears stuck in a loop: 8 consecutive edits to src/app.ts reverted each other",
  },
  {
    label: "looping",
    message:
      "Aborting: the model repeated the same command 'pytest -q tests/test_io.py' 7 times without making progress",
  },
  {
    label: "looping",
    type: "AgentStuckInLoopError",
    message: "AgentStuckInLoopError: Agent got stuck in a loop",
  },
  { label: "looping", message: "Stuck detection: 4 identical observation/action pairs in a row" },
];

const cancelled: CorpusEntry[] = [
  { label: "cancelled", message: "Cancelled by priya@acme.dev from the console" },
  { label: "cancelled", harness: "claude-code", message: "[Request interrupted by user]" },
  { label: "cancelled", harness: "claude-code", message: "[Request interrupted by user for tool use]" },
  { label: "cancelled", message: "Runner received SIGINT (draining for deploy)" },
  { label: "cancelled", message: "Superseded by a newer push to agent/issue-412 (9c1e7ab)" },
  { label: "cancelled", type: "APIUserAbortError", message: "APIUserAbortError: Request was aborted." },
  { label: "cancelled", type: "AbortError", message: "AbortError: This operation was aborted" },
  { label: "cancelled", harness: "codex", type: "turn_aborted", message: "Turn aborted: interrupted" },
  { label: "cancelled", exitCode: 130, message: "KeyboardInterrupt" },
  { label: "cancelled", message: "Workflow run was cancelled." },
  { label: "cancelled", message: "context canceled" },
  { label: "cancelled", message: "Job stopped by operator: queue paused during incident INC-2211" },
  {
    label: "cancelled",
    hard: true,
    note: "a cancel reason that names no cancelling",
    message: "PR #1842 was closed",
  },
];

const unknown: CorpusEntry[] = [
  { label: "unknown", exitCode: 1, message: "Process exited with code 1" },
  { label: "unknown", exitCode: 255, message: "exit status 255" },
  { label: "unknown", type: "Error", message: "unexpected EOF" },
  { label: "unknown", type: "Error", message: "Error: undefined" },
  { label: "unknown", message: "Something went wrong. Please try again." },
  { label: "unknown", message: "[object Object]" },
  { label: "unknown", type: "error", message: "error" },
  { label: "unknown", exitCode: 1, message: "Command failed: ./scripts/release.sh" },
  { label: "unknown", message: "null" },
];

// A second batch, written after the rules had been settled against the entries above and measured blind:
// 46 of its 62 entries agreed before the rules were generalised from its misses.
const laterBatch: CorpusEntry[] = [
  {
    label: "rate_limit",
    type: "RateLimitError",
    message:
      "anthropic.RateLimitError: Error code: 429 - {'type': 'error', 'error': {'type': 'rate_limit_error', 'message': 'This request would exceed your organization’s rate limit of 16,000 output tokens per minute (org: 1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d, model: claude-opus-4-1-20250805).'}}",
  },
  {
    label: "rate_limit",
    code: "rate_limit_exceeded",
    message:
      "Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01jq8zk4m2w7x9n5p3b6r1c8hd` service tier `on_demand` on tokens per day (TPD): Limit 100000, Used 99512, Requested 1744. Please try again in 18m5.12s.",
  },
  {
    label: "rate_limit",
    harness: "claude-code",
    message:
      'API Error (429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of concurrent connections has exceeded your rate limit."}}) · Retrying in 38 seconds… (attempt 10/10)',
  },
  {
    label: "rate_limit",
    message:
      "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-06-01 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 41 seconds.",
  },
  {
    label: "rate_limit",
    tool: "Bash",
    exitCode: 1,
    message:
      "Error response from daemon: toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit",
  },
  {
    label: "provider_error",
    harness: "claude-code",
    message:
      "API Error: 502 <html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>",
  },
  {
    label: "provider_error",
    message:
      "500 INTERNAL. {'error': {'code': 500, 'message': 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', 'status': 'INTERNAL'}}",
  },
  {
    label: "provider_error",
    harness: "codex",
    message:
      "unexpected status 503 Service Unavailable: upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure",
  },
  {
    label: "provider_error",
    type: "APIError",
    message:
      "openai.APIError: The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error.",
  },
  {
    label: "auth",
    harness: "codex",
    message:
      "Your access token could not be refreshed because your refresh token was already used. Please log out and sign in again.",
  },
  {
    label: "auth",
    type: "AccessDeniedException",
    message:
      "An error occurred (AccessDeniedException) when calling the InvokeModel operation: You don't have access to the model with the specified model ID.",
  },
  {
    label: "auth",
    message: "Incorrect API key provided: xa***Q2. You can obtain an API key from https://console.x.ai.",
  },
  {
    label: "context_overflow",
    message:
      'litellm.BadRequestError: MistralException - {"object":"error","message":"Prompt contains 140213 tokens and 0 draft tokens, too large for model with 131072 maximum context length","type":"invalid_request_message_error","param":null,"code":"3051"}',
  },
  {
    label: "context_overflow",
    harness: "claude-code",
    message: "Error: Conversation too long. Press esc twice to go up a few messages and try again.",
  },
  {
    label: "context_overflow",
    message: "The input token count exceeds the maximum number of tokens allowed 1048576.",
  },
  {
    label: "max_turns",
    harness: "claude-code",
    message: "Claude Code returned an error result: Reached maximum number of turns (50)",
  },
  { label: "max_turns", message: "Maximum number of rounds (20) reached" },
  { label: "max_turns", message: "Stopped after 100 steps (max_steps=100) without a final answer" },
  {
    label: "budget_exceeded",
    message: "Cost limit exceeded: $12.04 spent, limit is $12.00 (set with --max-cost)",
  },
  {
    label: "budget_exceeded",
    message: 'Monthly token budget for team "platform" exhausted; new jobs are paused until Nov 1',
  },
  { label: "timeout", message: "Error: Timeout of 300000ms exceeded waiting for agent to finish" },
  {
    label: "timeout",
    tool: "Bash",
    message: "subprocess.TimeoutExpired: Command '['npm', 'test']' timed out after 600 seconds",
  },
  { label: "timeout", message: "context deadline exceeded (Client.Timeout exceeded while awaiting headers)" },
  { label: "timeout", message: 'Step "Run agent" exceeded its timeout of 60 minutes and was cancelled' },
  {
    label: "tool_error",
    tool: "Write",
    harness: "claude-code",
    message:
      "File has been modified since read, either by the user or by a linter. Read it again before attempting to write it.",
  },
  { label: "tool_error", tool: "Read", message: "EISDIR: illegal operation on a directory, read" },
  {
    label: "tool_error",
    tool: "write_file",
    message: 'Error: Invalid tool parameters: Expected string, received number at "path"',
  },
  { label: "tool_error", tool: "shell", harness: "codex", message: "exec command rejected by user" },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: "=================== 2 failed, 130 passed, 4 warnings in 21.37s ===================",
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message:
      "--- FAIL: TestHandler/returns_404_for_unknown_id (0.00s)\n    handler_test.go:77: status = 500, want 404",
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "(fail) formatMoney > rounds half even [0.41ms]",
      "",
      " 12 pass",
      " 1 fail",
      " 31 expect() calls",
      "Ran 13 tests across 3 files. [118.00ms]",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 100,
    message: L(
      "        FAIL [   0.012s] gateway::routes tests::rejects_bad_token",
      "     Summary [   2.210s] 84 tests run: 83 passed, 1 failed, 0 skipped",
    ),
  },
  {
    label: "test_failure",
    tool: "Bash",
    exitCode: 1,
    hard: true,
    note: "the test database was down: an error in setup, reported by pytest",
    message: L(
      "ERROR tests/test_db.py::test_migrate - sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server: Connection refused",
      "========================= 1 error, 58 passed in 4.12s =========================",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 101,
    message: "error: linking with `cc` failed: exit status: 1\n  = note: /usr/bin/ld: cannot find -lssl",
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 2,
    message:
      "src/index.ts:3:23 - error TS2307: Cannot find module './utils' or its corresponding type declarations.",
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 101,
    message:
      "error: failed to run custom build command for `openssl-sys v0.9.103`\n\nCaused by:\n  process didn't exit successfully: `/workspace/target/debug/build/openssl-sys-3f2a/build-script-main` (exit status: 101)",
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "CMake Error at CMakeLists.txt:42 (find_package):",
      '  Could not find a package configuration file provided by "Protobuf" with any',
      "  of the following names:",
    ),
  },
  {
    label: "build_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "src/app.ts:3:7 lint/style/useConst  FIXABLE  ━━━━━━━━━━━━━━━━━━━━",
      "  ✖ This let declares a variable that is only assigned once.",
      "Checked 212 files in 88ms. No fixes applied.",
      "Found 1 error.",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 1,
    message: L(
      "error: The following untracked working tree files would be overwritten by merge:",
      "\tsrc/generated/schema.ts",
      "Please move or remove them before you merge.",
      "Aborting",
    ),
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message: "fatal: refusing to merge unrelated histories",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message: "fatal: couldn't find remote ref refs/heads/agent/issue-77",
  },
  {
    label: "git_error",
    tool: "Bash",
    exitCode: 128,
    message:
      "error: cannot pull with rebase: You have unstaged changes.\nerror: please commit or stash them.",
  },
  { label: "infra", tool: "Bash", message: "OSError: [Errno 24] Too many open files" },
  {
    label: "infra",
    tool: "Bash",
    exitCode: 1,
    message:
      "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 23.69 GiB of which 1.12 GiB is free.",
  },
  { label: "infra", type: "Error", code: "ECONNRESET", message: "Error: socket hang up" },
  {
    label: "infra",
    message:
      "0/12 nodes are available: 12 Insufficient memory. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.",
  },
  {
    label: "infra",
    type: "Error",
    code: "EHOSTUNREACH",
    message: "Error: connect EHOSTUNREACH 169.254.169.254:80",
  },
  {
    label: "harness_crash",
    harness: "opencode",
    message: "error: Unhandled error: TypeError: undefined is not an object (evaluating 'msg.parts.map')",
  },
  {
    label: "harness_crash",
    harness: "codex",
    exitCode: 101,
    message:
      "thread 'tokio-runtime-worker' panicked at codex-rs/core/src/exec.rs:312:18:\nbyte index 4096 is not a char boundary; it is inside '€' (bytes 4094..4097)",
  },
  {
    label: "harness_crash",
    harness: "aider",
    message: L(
      "Traceback (most recent call last):",
      '  File "/usr/local/lib/python3.12/site-packages/aider/main.py", line 1104, in main',
      "    coder.run()",
      "RuntimeError: Event loop is closed",
    ),
  },
  {
    label: "refusal",
    message: "I'm not able to help with creating ransomware that encrypts files on other people's machines.",
  },
  {
    label: "refusal",
    code: "content_policy_violation",
    message:
      "Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.",
  },
  {
    label: "looping",
    message:
      "Detected repetitive behavior: the agent called `read_file` with the same arguments 5 times in a row",
  },
  {
    label: "looping",
    message: "Agent is cycling between two states (edit -> test -> revert); stopping after 6 cycles",
  },
  { label: "looping", message: "no progress after 20 minutes: workspace unchanged, stopping agent" },
  { label: "cancelled", message: "Job cancelled via API by token ci-deployer" },
  { label: "cancelled", message: "The operation was canceled." },
  { label: "cancelled", message: "Interrupted by user (Ctrl-C)" },
  { label: "cancelled", exitCode: 130, message: "^C" },
  { label: "unknown", exitCode: 2, message: "Error: Command failed with exit code 2" },
  { label: "unknown", message: "The agent did not produce a result." },
  { label: "unknown", message: "ERR_UNKNOWN" },
];

export const CORPUS: CorpusEntry[] = [
  ...rateLimit,
  ...providerError,
  ...auth,
  ...contextOverflow,
  ...maxTurns,
  ...budget,
  ...timeout,
  ...toolError,
  ...testFailure,
  ...buildError,
  ...gitError,
  ...infra,
  ...harnessCrash,
  ...refusal,
  ...looping,
  ...cancelled,
  ...unknown,
  ...laterBatch,
];
