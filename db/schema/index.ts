export * from "./alerts";
export * from "./auth";
export * from "./costs";
export * from "./failures";
export * from "./fleet";
export * from "./projects";
export * from "./standups";
export * from "./team";
