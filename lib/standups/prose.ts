// Optional: a standup rewritten as prose by an OpenAI-compatible endpoint (FLEETWATCH_LLM_URL and _MODEL),
// from the standup's own facts only. Without an endpoint the deterministic standup is the product.
import { z } from "zod";
import { env } from "@/lib/env";
import type { FetchLike } from "./deliver";

export type LlmConfig = { url: string; model: string; apiKey: string | null };

/** The configured endpoint, or null when there is none (the page hides "Rewrite as prose"). */
export function llmConfig(): LlmConfig | null {
  if (!env.FLEETWATCH_LLM_URL || !env.FLEETWATCH_LLM_MODEL) return null;
  return {
    url: env.FLEETWATCH_LLM_URL,
    model: env.FLEETWATCH_LLM_MODEL,
    apiKey: env.FLEETWATCH_LLM_API_KEY ?? null,
  };
}

export const PROSE_INSTRUCTIONS = [
  "You rewrite an engineering team's daily standup about AI coding agents as short, plain prose for people.",
  "Use only the facts in the standup you are given: do not add, guess or generalise beyond them.",
  "Keep every figure exactly as written. Keep Markdown links for the jobs and issues you mention, unchanged.",
  "Lead with what matters most (failures, regressions, blocked agents), then what got done, then spend.",
  "One short paragraph per agent with something to report, at most four sentences each; no headings, no lists.",
].join(" ");

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

export class ProseError extends Error {}

export async function rewriteAsProse({
  markdown,
  llm,
  fetch: fetchImpl = fetch,
  timeoutMs = 60_000,
}: {
  markdown: string;
  llm: LlmConfig;
  fetch?: FetchLike;
  timeoutMs?: number;
}): Promise<string> {
  const url = `${llm.url.replace(/\/+$/, "")}/chat/completions`;
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(llm.apiKey ? { authorization: `Bearer ${llm.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: llm.model,
        temperature: 0.2,
        messages: [
          { role: "system", content: PROSE_INSTRUCTIONS },
          { role: "user", content: markdown },
        ],
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ProseError(`The language model at ${llm.url} did not answer: ${(e as Error).message}`);
  }
  if (!res.ok) {
    const detail = (await res.text().catch(() => "")).replace(/\s+/g, " ").slice(0, 200);
    throw new ProseError(`The language model answered HTTP ${res.status}${detail ? `: ${detail}` : ""}`);
  }
  const parsed = completionSchema.safeParse(await res.json().catch(() => null));
  const text = parsed.success ? parsed.data.choices[0]?.message.content.trim() : "";
  if (!text)
    throw new ProseError("The language model's answer had no text (expected choices[0].message.content).");
  return text;
}
