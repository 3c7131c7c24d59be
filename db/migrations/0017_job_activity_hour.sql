-- Most of a running job's events only move its last_event_at (and event_count). Two indexes held last_event_at, so
-- each of those updates wrote a new entry into every one of job's 23 indexes. They now hold the hour of the last
-- event (a stored generated column): within the hour no indexed column changes, and PostgreSQL updates the row in
-- place (HOT), provided its page has room: job's pages are now filled to 90% (new pages, and the whole table when
-- this migration rewrites it to add the column), leaving room for a row's next versions. The jobs list's range and
-- the agents' latest activity read the hour index from the start of the hour their bound falls in
-- (lib/jobs/queries.ts, lib/overview/attention.ts). In bench:webhook (pg_stat_statements) the projector's job
-- upsert went from 0.0688 to 0.0535 ms per row, and 49% of job updates were HOT (none before). docs/adr/0042.
ALTER TABLE "job" SET (fillfactor = 90);--> statement-breakpoint
DROP INDEX "job_project_agent_last_event_idx";--> statement-breakpoint
DROP INDEX "job_project_last_event_idx";--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "last_event_hour" timestamp with time zone GENERATED ALWAYS AS (date_bin('1 hour', last_event_at, '2000-01-01 00:00:00+00')) STORED;--> statement-breakpoint
CREATE INDEX "job_project_agent_last_event_hour_idx" ON "job" USING btree ("project_id","agent_name","last_event_hour");--> statement-breakpoint
CREATE INDEX "job_project_last_event_hour_idx" ON "job" USING btree ("project_id","last_event_hour");
