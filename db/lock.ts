// One process at a time may open an embedded (PGlite) data folder: two would corrupt it.
import fs from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Fleetwatch process (pid ${pid}). ` +
        "Only one process can open it at a time. Stop that process first (for example the running " +
        "console), or do this from the console's Settings page, or point DATABASE_URL at a PostgreSQL " +
        "server, which any number of processes can share.",
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock for this process (idempotent within the process); throws DataDirLockedError. */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "fleetwatch.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(lockFile, "utf8"), 10);
      if (holder === process.pid) break;
      if (Number.isFinite(holder) && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      fs.rmSync(lockFile, { force: true }); // stale lock of a process that died
    }
  }
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.rmSync(lockFile);
    } catch {}
  };
  process.once("exit", release);
  return release;
}
