// What model providers (and the harnesses and proxies in front of them) say when a call fails: rate limits,
// outages, bad keys and billing, context windows, refusals. Ids and numbers vary per occurrence.
import type { ErrorSpec, FailureContext } from "./failures";

const ANTHROPIC_RL =
  "Number of request tokens has exceeded your per-minute rate limit (https://docs.claude.com/en/api/rate-limits); see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.";

const reqId = (c: FailureContext) => `req_011C${c.rng.alnum(21)}`;
const thousands = (n: number) => n.toLocaleString("en-US");

export function rateLimit(c: FailureContext): ErrorSpec {
  const { rng, model } = c;
  switch (model.provider) {
    case "anthropic": {
      const body = `{"type":"error","error":{"type":"rate_limit_error","message":"${ANTHROPIC_RL}"},"request_id":"${reqId(c)}"}`;
      return { error: { type: "rate_limit_error", code: 429, message: `API Error: 429 ${body}` } };
    }
    case "openai": {
      const limit = rng.pick([800_000, 2_000_000, 4_000_000]);
      const used = limit - rng.int(1000, 40_000);
      const message =
        c.harness.name === "codex"
          ? `stream error: exceeded retry limit, last status: 429 Too Many Requests, request id: ${rng.uuid()}`
          : `Rate limit reached for ${model.id} in organization org-${rng.alnum(24)} on tokens per min (TPM): Limit ${limit}, Used ${used}, Requested ${rng.int(20_000, 90_000)}. Please try again in ${rng.float(0.2, 9).toFixed(3)}s. Visit https://platform.openai.com/account/rate-limits to learn more.`;
      return { error: { type: "tokens", code: "rate_limit_exceeded", message } };
    }
    case "google":
      return {
        error: {
          type: "RESOURCE_EXHAUSTED",
          code: 429,
          message: `429 RESOURCE_EXHAUSTED. {'error': {'code': 429, 'message': 'Resource has been exhausted (e.g. check quota).', 'status': 'RESOURCE_EXHAUSTED'}}`,
        },
      };
    default: {
      const p =
        model.provider === "xai"
          ? "XaiException"
          : model.provider === "mistral"
            ? "MistralException"
            : "DeepseekException";
      return {
        error: {
          type: "RateLimitError",
          code: 429,
          message: `litellm.RateLimitError: ${p} - {"object":"error","message":"Requests rate limit exceeded","type":"rate_limited","param":null,"code":"${rng.pick(["1300", "3505"])}"}`,
        },
      };
    }
  }
}

export function providerError(c: FailureContext): ErrorSpec {
  const { rng, model } = c;
  switch (model.provider) {
    case "anthropic":
      return rng.chance(0.7)
        ? {
            error: {
              type: "overloaded_error",
              code: 529,
              message: `API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"${reqId(c)}"}`,
            },
          }
        : {
            error: {
              type: "api_error",
              code: 500,
              message: `API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"},"request_id":"${reqId(c)}"}`,
            },
          };
    case "openai":
      return {
        error: {
          type: "server_error",
          code: rng.pick([500, 502, 503]),
          message: `stream disconnected before completion: An error occurred while processing your request. You can retry your request, or contact us through our help center at help.openai.com if the error persists. Please include the request ID ${rng.uuid()} in your message.`,
        },
      };
    case "google":
      return {
        error: {
          type: "UNAVAILABLE",
          code: 503,
          message: `503 UNAVAILABLE. {'error': {'code': 503, 'message': 'The model is overloaded. Please try again later.', 'status': 'UNAVAILABLE'}}`,
        },
      };
    default:
      return {
        error: {
          type: "ServiceUnavailableError",
          code: rng.pick([502, 503]),
          message: rng.pick([
            `litellm.ServiceUnavailableError: ${model.provider === "deepseek" ? "DeepseekException" : "OpenAIException"} - Service Unavailable`,
            "litellm.InternalServerError: upstream connect error or disconnect/reset before headers. reset reason: connection termination",
            `502 Bad Gateway: upstream ${model.provider} returned an invalid response (cf-ray ${rng.hex(16)}-IAD)`,
          ]),
        },
      };
  }
}

export function auth(c: FailureContext): ErrorSpec {
  const { rng, model } = c;
  if (model.provider === "anthropic")
    return rng.chance(0.6)
      ? {
          error: {
            type: "authentication_error",
            code: 401,
            message: `API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"${reqId(c)}"} · Please run /login`,
          },
        }
      : {
          error: {
            type: "invalid_request_error",
            code: 400,
            message:
              "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
          },
        };
  if (model.provider === "openai")
    return rng.chance(0.5)
      ? {
          error: {
            type: "invalid_request_error",
            code: "invalid_api_key",
            message: `Incorrect API key provided: sk-proj-********************${rng.alnum(4)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          },
        }
      : {
          error: {
            type: "insufficient_quota",
            code: 429,
            message:
              "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
          },
        };
  if (model.provider === "google")
    return {
      error: {
        type: "PERMISSION_DENIED",
        code: 403,
        message: `403 PERMISSION_DENIED. Permission denied: Consumer 'api_key:AIza${rng.alnum(35)}' has been suspended.`,
      },
    };
  return {
    error: {
      type: "AuthenticationError",
      code: 401,
      message: `litellm.AuthenticationError: ${model.provider}Exception - {"error":{"message":"Authentication Fails, Your api key: ****${rng.alnum(4)} is invalid","type":"authentication_error"}}`,
    },
  };
}

export function contextOverflow(c: FailureContext): ErrorSpec {
  const { rng, model } = c;
  const tokens = Math.max(c.contextTokens, model.contextWindow + rng.int(500, 40_000));
  if (c.harness.name === "aider")
    return {
      error: {
        type: "ContextWindowExceededError",
        message: `Your estimated chat context of ${thousands(tokens)} tokens exceeds the ${thousands(model.contextWindow)} token limit for ${model.id}!`,
      },
    };
  switch (model.provider) {
    case "anthropic":
      return {
        error: {
          type: "invalid_request_error",
          code: 400,
          message: `API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: ${tokens} tokens > ${model.contextWindow} maximum"}}`,
        },
      };
    case "openai":
      return rng.chance(0.5)
        ? {
            error: {
              type: "invalid_request_error",
              code: "context_length_exceeded",
              message:
                "Your input exceeds the context window of this model. Please adjust your input and try again.",
            },
          }
        : {
            error: {
              type: "invalid_request_error",
              code: "context_length_exceeded",
              message: `This model's maximum context length is ${model.contextWindow} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`,
            },
          };
    case "google":
      return {
        error: {
          type: "INVALID_ARGUMENT",
          code: 400,
          message: `400 INVALID_ARGUMENT. The input token count (${tokens}) exceeds the maximum number of tokens allowed (${model.contextWindow}).`,
        },
      };
    default:
      return {
        error: {
          type: "BadRequestError",
          code: 400,
          message: `This model's maximum context length is ${model.contextWindow} tokens. However, you requested ${tokens} tokens (${tokens - 4096} in the messages, 4096 in the completion).`,
        },
      };
  }
}

export function refusal(c: FailureContext): ErrorSpec {
  const { model } = c;
  if (!c.task.sensitive) {
    // A false positive: the provider's filter trips on an ordinary task.
    if (model.provider === "anthropic" && c.harness.name === "claude-code")
      return {
        error: {
          type: "refusal",
          message:
            "API Error: Claude Code is unable to respond to this request, which appears to violate our Usage Policy (https://www.anthropic.com/legal/aup). Please double press esc to edit your last message or start a new session for Claude Code to assist with a different task.",
        },
      };
    if (model.provider === "google")
      return {
        error: { type: "SAFETY", message: "Response was blocked due to SAFETY (finish_reason: SAFETY)" },
      };
    return {
      error: { type: "refusal", message: "Model refused the task: I'm sorry, but I can't help with that." },
      say: "I'm sorry, but I can't help with that.",
    };
  }
  const say =
    model.provider === "anthropic"
      ? "I can't help build a working exploit that extracts customer records, even against staging. I can help you confirm exposure safely: check the installed version against the advisory, write a test that exercises the vulnerable code path without exfiltrating data, and patch it."
      : "I'm sorry, but I can't help with creating an exploit that extracts customer data.";
  if (model.provider === "google")
    return {
      error: { type: "SAFETY", message: "Response was blocked due to SAFETY (finish_reason: SAFETY)" },
    };
  return { error: { type: "refusal", message: `Model refused the task: ${say.split(". ")[0]}.` }, say };
}
