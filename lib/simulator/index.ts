// The fleet simulator: a deterministic, realistic fleet of agents as protocol events (scripts/simulate.ts).
export { type Agent, buildAgents, costOf, HARNESSES, MODELS, modelById, successRate } from "./catalog";
export { FAILURE_CLASSES, type FailureClass } from "./failures";
export { type FleetOptions, type FleetStats, FleetStream, generateFleet } from "./fleet";
export { type EventSink, pump, Redeliverer } from "./sender";
export type { WireEvent } from "./types";
