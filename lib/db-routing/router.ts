// Which server a read goes to: the replica while it is up and close behind, else the primary. The replica's lag
// is measured at most once a second (probeEveryMs) and shared by all the requests of that second; a change of
// state (ok, lagging, down) is logged once, when it happens, not on every request.
import type { Db } from "@/db/client";
import { logger } from "@/lib/logger";

export type ReplicaState = "ok" | "lagging" | "down" | "off";
export type ReplicaStatus = { replica: ReplicaState; lagMs: number | null };

/** The replica's lag in ms; null when it cannot tell (WAL waiting, nothing replayed yet); throws when down. */
export type LagProbe = () => Promise<number | null>;

type Options = {
  primary: Db;
  replica: Db;
  probe: LagProbe;
  maxLagMs: number;
  probeEveryMs?: number;
  /** A probe that has not answered by then counts as down (a replica behind a black hole never refuses). */
  probeTimeoutMs?: number;
};

function timeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the replica did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export class ReadRouter {
  private state: Exclude<ReplicaState, "off"> = "ok";
  private lagMs: number | null = null;
  private checkedAt = 0;
  private measuring: Promise<void> | null = null;
  private logged: ReplicaState | null = null;

  constructor(private readonly options: Options) {}

  /** The database for a read that may go to the replica. */
  async pick(): Promise<Db> {
    await this.refresh();
    return this.state === "ok" ? this.options.replica : this.options.primary;
  }

  /** Measures again when the last measure is older than probeEveryMs. */
  async refresh(): Promise<void> {
    if (Date.now() - this.checkedAt < (this.options.probeEveryMs ?? 1000)) return;
    this.measuring ??= this.measure().finally(() => {
      this.measuring = null;
    });
    // while the replica is down, reads do not wait for it: they go to the primary, and the probe running in the
    // background brings the replica back when it answers again
    if (this.state !== "down") await this.measuring;
  }

  status(): ReplicaStatus {
    return { replica: this.state, lagMs: this.lagMs };
  }

  /** A read failed on the replica's connection: down until a probe says otherwise. */
  connectionFailed(error: unknown): void {
    this.checkedAt = Date.now();
    this.set("down", null, error);
  }

  private async measure(): Promise<void> {
    try {
      const lag = await timeout(this.options.probe(), this.options.probeTimeoutMs ?? 2000);
      this.set(lag !== null && lag <= this.options.maxLagMs ? "ok" : "lagging", lag);
    } catch (error) {
      this.set("down", null, error);
    }
    this.checkedAt = Date.now();
  }

  private set(state: Exclude<ReplicaState, "off">, lagMs: number | null, error?: unknown): void {
    this.state = state;
    this.lagMs = lagMs === null ? null : Math.round(lagMs);
    if (this.logged === state) return;
    this.logged = state;
    const fields = { replica: state, lagMs: this.lagMs, maxLagMs: this.options.maxLagMs };
    if (state === "ok") logger.info(fields, "read replica in use for dashboards and the read API");
    else if (state === "lagging")
      logger.warn(fields, "read replica lags: reads go to the primary until it catches up");
    else logger.warn({ ...fields, err: error }, "read replica unreachable: reads go to the primary");
  }
}
