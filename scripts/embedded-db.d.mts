// Types of scripts/embedded-db.mjs for the TypeScript side (the CLI commands and the tests).
export class PgliteFolderError extends Error {
  constructor(dataDir: string);
}

export function embeddedPaths(dataDir: string): {
  pgdata: string;
  password: string;
  state: string;
  log: string;
  lock: string;
};

export type EmbeddedServer = { pid: number; port: number; url: string; release: () => void };

export function openEmbedded(options: {
  dataDir: string;
  log?: (line: string) => void;
}): Promise<EmbeddedServer>;

export function runWithDatabase(options: {
  dataDir: string;
  databaseUrl?: string;
  log?: (line: string) => void;
  steps: { command: string; args: string[]; cwd?: string; announce?: string }[];
}): Promise<never>;
