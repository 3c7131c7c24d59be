// How far behind the primary a streaming replica is, measured on the replica itself.
// now() - pg_last_xact_replay_timestamp() alone overstates an idle replica: with no writes on the primary the
// last replayed transaction gets old while the replica is perfectly current. So when everything received has
// been replayed (receive LSN = replay LSN, or nothing streamed since start) the lag is 0. A server that is not
// in recovery (the URL names a primary) has none either.
import type { Sql } from "postgres";

export async function replicaLagMs(sql: Sql): Promise<number | null> {
  const [row] = await sql<{ lag_ms: number | null }[]>`
    select case
      when not pg_is_in_recovery() then 0
      when pg_last_wal_receive_lsn() is null or pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() then 0
      when pg_last_xact_replay_timestamp() is null then null
      else greatest(0, extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000)
    end::float8 as lag_ms`;
  return row?.lag_ms ?? null;
}
