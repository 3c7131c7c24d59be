// What the simulated fleet is made of: models (with list prices), harnesses (with release trains) and agents.
import { keyed, Rng } from "./random";

export type Provider = "anthropic" | "openai" | "google" | "deepseek" | "mistral" | "xai";

/** USD per million tokens. cacheRead null: the provider has no prompt caching, every token is input. */
export type Price = { input: number; output: number; cacheRead: number | null; cacheWrite: number };

export type Model = {
  id: string;
  provider: Provider;
  price: Price;
  /** Probability that a medium task succeeds, before the harness and task adjust it. */
  skill: number;
  tokensPerSec: number;
  /** Seconds to the first token. */
  latencyS: number;
  contextWindow: number;
  reasoning: boolean;
};

const m = (
  id: string,
  provider: Provider,
  [input, output, cacheRead, cacheWrite]: [number, number, number | null, number],
  skill: number,
  tokensPerSec: number,
  latencyS: number,
  contextWindow: number,
  reasoning: boolean,
): Model => ({
  id,
  provider,
  price: { input, output, cacheRead, cacheWrite },
  skill,
  tokensPerSec,
  latencyS,
  contextWindow,
  reasoning,
});

export const MODELS: readonly Model[] = [
  m("claude-opus-4-5", "anthropic", [5, 25, 0.5, 6.25], 0.87, 55, 2.4, 200_000, true),
  m("claude-sonnet-4-5", "anthropic", [3, 15, 0.3, 3.75], 0.83, 75, 1.6, 200_000, true),
  m("claude-haiku-4-5", "anthropic", [1, 5, 0.1, 1.25], 0.71, 160, 0.7, 200_000, false),
  m("claude-opus-4-1", "anthropic", [15, 75, 1.5, 18.75], 0.81, 40, 3, 200_000, true),
  m("claude-sonnet-4", "anthropic", [3, 15, 0.3, 3.75], 0.75, 70, 1.8, 200_000, false),
  m("gpt-5-codex", "openai", [1.25, 10, 0.125, 0], 0.82, 70, 4, 400_000, true),
  m("gpt-5", "openai", [1.25, 10, 0.125, 0], 0.8, 60, 6, 400_000, true),
  m("gpt-5-mini", "openai", [0.25, 2, 0.025, 0], 0.68, 120, 3, 400_000, true),
  m("gpt-4.1", "openai", [2, 8, 0.5, 0], 0.62, 90, 1, 1_047_576, false),
  m("o3", "openai", [2, 8, 0.5, 0], 0.73, 50, 8, 200_000, true),
  m("o4-mini", "openai", [1.1, 4.4, 0.275, 0], 0.66, 110, 4, 200_000, true),
  m("gemini-3-pro-preview", "google", [2, 12, 0.2, 0], 0.8, 90, 3.5, 1_048_576, true),
  m("gemini-2.5-pro", "google", [1.25, 10, 0.31, 0], 0.73, 85, 4, 1_048_576, true),
  m("gemini-2.5-flash", "google", [0.3, 2.5, 0.075, 0], 0.62, 220, 1, 1_048_576, false),
  m("deepseek-chat", "deepseek", [0.28, 0.42, 0.028, 0], 0.66, 35, 1.5, 128_000, false),
  m("deepseek-reasoner", "deepseek", [0.28, 0.42, 0.028, 0], 0.69, 30, 5, 128_000, true),
  m("devstral-medium", "mistral", [0.4, 2, null, 0], 0.61, 90, 0.8, 128_000, false),
  m("codestral", "mistral", [0.3, 0.9, null, 0], 0.55, 150, 0.5, 256_000, false),
  m("mistral-medium-3", "mistral", [0.4, 2, null, 0], 0.58, 80, 0.9, 128_000, false),
  m("grok-4", "xai", [3, 15, 0.75, 0], 0.75, 45, 6, 256_000, true),
  m("grok-code-fast-1", "xai", [0.2, 1.5, 0.02, 0], 0.65, 180, 1, 256_000, true),
];

const MODEL_BY_ID = new Map(MODELS.map((x) => [x.id, x]));

export function modelById(id: string): Model {
  const model = MODEL_BY_ID.get(id);
  if (!model) throw new Error(`unknown model ${id}`);
  return model;
}

export type Usage = { input: number; output: number; cacheRead: number; cacheWrite: number };

/** cost_usd of one model call at the catalog's list prices, rounded to a millionth of a dollar. */
export function costOf(model: Model, u: Usage): number {
  const p = model.price;
  const usd =
    (u.input * p.input +
      u.output * p.output +
      u.cacheRead * (p.cacheRead ?? p.input) +
      u.cacheWrite * p.cacheWrite) /
    1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}

export type HarnessName = "claude-code" | "codex" | "aider" | "opencode" | "looper";

export type Harness = {
  name: HarnessName;
  /** Models this harness can drive. */
  models: readonly string[];
  /** Added to the model's skill. */
  bonus: number;
  subagents: boolean;
  maxTurns: number;
  /** Share of the fleet's agents running it. */
  share: number;
  /** The release on a given UTC day (days since the epoch). */
  version: (epochDay: number) => string;
  /** The version a bad rollout ships, and what the day after fixes it with. */
  badVersion: (epochDay: number) => string;
};

/** 2026-11-22: versions are anchored so the simulated fleet runs the releases of its time. */
const REF_DAY = 20_779;
const since = (d: number, period: number) => Math.floor((d - REF_DAY) / period);

export const HARNESSES: readonly Harness[] = [
  {
    name: "claude-code",
    models: [
      "claude-opus-4-5",
      "claude-sonnet-4-5",
      "claude-haiku-4-5",
      "claude-opus-4-1",
      "claude-sonnet-4",
    ],
    bonus: 0.03,
    subagents: true,
    maxTurns: 50,
    share: 0.38,
    // Even patches ship; an odd one is a release that was pulled the day it went out.
    version: (d) => `2.1.${Math.max(40, 88 + 2 * since(d, 3))}`,
    badVersion: (d) => `2.1.${Math.max(40, 88 + 2 * since(d, 3)) + 1}`,
  },
  {
    name: "codex",
    models: ["gpt-5-codex", "gpt-5", "gpt-5-mini", "o3", "o4-mini", "gpt-4.1"],
    bonus: 0.02,
    subagents: false,
    maxTurns: 60,
    share: 0.24,
    version: (d) => `0.${Math.max(80, 104 + since(d, 6))}.${((((d - REF_DAY) % 6) + 6) % 6) >> 1}`,
    badVersion: (d) => `0.${Math.max(80, 104 + since(d, 6)) + 1}.0-alpha.${1 + ((d >>> 0) % 4)}`,
  },
  {
    name: "aider",
    models: [
      "deepseek-chat",
      "deepseek-reasoner",
      "gemini-2.5-pro",
      "claude-sonnet-4-5",
      "codestral",
      "gpt-4.1",
    ],
    bonus: -0.03,
    subagents: false,
    maxTurns: 30,
    share: 0.12,
    version: (d) => `0.86.${Math.max(0, 2 + since(d, 9))}`,
    badVersion: (d) => `0.87.0.dev${10 + ((d >>> 0) % 30)}`,
  },
  {
    name: "opencode",
    models: [
      "gemini-3-pro-preview",
      "grok-code-fast-1",
      "devstral-medium",
      "claude-sonnet-4-5",
      "gpt-5",
      "grok-4",
    ],
    bonus: 0,
    subagents: true,
    maxTurns: 50,
    share: 0.16,
    version: (d) => `1.0.${Math.max(1, 142 + 2 * since(d, 1))}`,
    badVersion: (d) => `1.0.${Math.max(1, 142 + 2 * since(d, 1)) + 1}`,
  },
  {
    name: "looper",
    models: [
      "mistral-medium-3",
      "gemini-2.5-flash",
      "deepseek-chat",
      "gpt-5-mini",
      "gemini-2.5-pro",
      "codestral",
    ],
    bonus: -0.06,
    subagents: false,
    maxTurns: 40,
    share: 0.1,
    version: (d) => `3.4.${Math.max(0, 2 + since(d, 7))}`,
    badVersion: (d) => `3.5.0-rc${1 + ((d >>> 0) % 3)}`,
  },
];

export function harnessByName(name: HarnessName): Harness {
  const h = HARNESSES.find((x) => x.name === name);
  if (!h) throw new Error(`unknown harness ${name}`);
  return h;
}

/** Pairings that work better or worse than the sum of their parts. */
const PAIR_BONUS: Record<string, number> = {
  "codex/gpt-5-codex": 0.04,
  "claude-code/claude-opus-4-5": 0.02,
  "claude-code/claude-sonnet-4-5": 0.02,
  "aider/deepseek-chat": 0.03,
  "opencode/grok-code-fast-1": 0.03,
  "opencode/claude-sonnet-4-5": -0.03,
  "looper/mistral-medium-3": 0.04,
  "aider/gpt-4.1": -0.04,
};

/** Probability that a medium job of this model on this harness succeeds when nothing else goes wrong. */
export function successRate(model: Model, harness: Harness): number {
  const p = model.skill + harness.bonus + (PAIR_BONUS[`${harness.name}/${model.id}`] ?? 0);
  return Math.min(0.97, Math.max(0.3, p));
}

export type Role =
  | "builder"
  | "fixer"
  | "reviewer"
  | "tester"
  | "upgrader"
  | "triager"
  | "scout"
  | "docs"
  | "sentinel"
  | "migrator";

/** Share of agents per role, and how many jobs an agent of that role takes relative to others. */
export const ROLES: readonly { role: Role; share: number; load: number; single?: boolean }[] = [
  { role: "builder", share: 0.26, load: 1 },
  { role: "fixer", share: 0.2, load: 1.1 },
  { role: "reviewer", share: 0.16, load: 1.6 },
  { role: "tester", share: 0.1, load: 1 },
  { role: "upgrader", share: 0.07, load: 0.8 },
  { role: "triager", share: 0.05, load: 2, single: true },
  { role: "scout", share: 0.03, load: 1.2, single: true },
  { role: "docs", share: 0.05, load: 0.7 },
  { role: "sentinel", share: 0.04, load: 0.6 },
  { role: "migrator", share: 0.04, load: 0.6 },
];

export type Agent = {
  name: string;
  role: Role;
  harness: Harness;
  /** Days this agent's harness lags behind the release train. */
  lagDays: number;
  model: Model;
  /** Model used for a share of the agent's jobs (an experiment or a fallback). */
  altModel: Model;
  host: string;
  runnerVersion: string;
  load: number;
  index: number;
};

/** The fleet's agents: roles, names ("scout", "builder-7"), harness and model; deterministic from the seed. */
export function buildAgents(count: number, seed: number): Agent[] {
  const rng = new Rng(`agents|${seed}|${count}`);
  const roles: Role[] = [];
  // Every role at least once when there is room, then by share.
  for (const r of ROLES) if (roles.length < count) roles.push(r.role);
  while (roles.length < count) {
    const open = ROLES.filter(
      (r) => !r.single || roles.filter((x) => x === r.role).length < Math.ceil(count / 200),
    );
    roles.push(rng.weighted(open.map((r) => [r.role, r.share] as const)));
  }
  const perRole = new Map<Role, number>();
  for (const r of roles) perRole.set(r, (perRole.get(r) ?? 0) + 1);
  const seen = new Map<Role, number>();
  const rotation = new Map<HarnessName, string[]>(HARNESSES.map((h) => [h.name, rng.shuffle(h.models)]));
  const turn = new Map<HarnessName, number>();

  return roles.map((role, index) => {
    const n = (seen.get(role) ?? 0) + 1;
    seen.set(role, n);
    const name = (perRole.get(role) ?? 1) === 1 ? role : `${role}-${n}`;
    const harness = rng.weighted(HARNESSES.map((h) => [h, h.share] as const));
    const models = rotation.get(harness.name) ?? [...harness.models];
    const t = turn.get(harness.name) ?? 0;
    turn.set(harness.name, t + 1);
    const model = modelById(models[t % models.length] as string);
    const altModel = modelById(models[(t + 1 + rng.int(0, models.length - 2)) % models.length] as string);
    const pool = rng.pick(["us-east-1", "us-east-1", "eu-west-1", "us-west-2"]);
    const host =
      harness.name === "looper"
        ? `gpu-box-${rng.int(1, 6)}`
        : `fw-runner-${keyed(seed, pool).hex(5)}-${rng.alnum(5).toLowerCase()}.${pool}`;
    return {
      name,
      role,
      harness,
      lagDays: rng.weighted([
        [0, 6],
        [2, 2],
        [5, 1],
      ] as const),
      model,
      altModel: altModel.id === model.id ? modelById(harness.models[0] as string) : altModel,
      host,
      runnerVersion: `fleetwatch-runner/0.${rng.int(3, 4)}.${rng.int(0, 9)}`,
      load: (ROLES.find((r) => r.role === role)?.load ?? 1) * rng.float(0.6, 1.4),
      index,
    };
  });
}
