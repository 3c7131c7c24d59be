-- event and transcript_entry become partitioned: LIST (project_id), each project's table RANGE (time) by UTC
-- day (docs/adr/0038-partitioned-events.md). drizzle cannot express partitioning: this file is written by hand;
-- db/schema describes the same columns, keys and indexes, so `drizzle-kit generate` has nothing to add.
-- Existing rows are moved: the partitions of every (project, day) present are made first.
CREATE TABLE "event_key" (
	"project_id" uuid NOT NULL,
	"id" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	CONSTRAINT "event_key_project_id_id_pk" PRIMARY KEY("project_id","id")
);
--> statement-breakpoint
INSERT INTO "event_key" ("project_id", "id", "time") SELECT "project_id", "id", "time" FROM "event";--> statement-breakpoint
CREATE INDEX "event_key_project_time_idx" ON "event_key" USING btree ("project_id","time");--> statement-breakpoint
ALTER TABLE "event_pending" ADD COLUMN "event_time" timestamp with time zone;--> statement-breakpoint
UPDATE "event_pending" p SET "event_time" = e."time" FROM "event" e
  WHERE e."project_id" = p."project_id" AND e."id" = p."event_id";--> statement-breakpoint
ALTER TABLE "event_pending" ALTER COLUMN "event_time" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "event_pending" DROP CONSTRAINT "event_pending_project_id_event_id_event_project_id_id_fk";--> statement-breakpoint
CREATE INDEX "event_pending_project_time_idx" ON "event_pending" USING btree ("project_id","event_time");--> statement-breakpoint
ALTER TABLE "project" ADD COLUMN "raw_retention_days" integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE "project" ADD COLUMN "job_retention_days" integer DEFAULT 400 NOT NULL;--> statement-breakpoint
ALTER TABLE "project" ADD COLUMN "raw_events_removed_before" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "project" ADD COLUMN "raw_events_removed_at" timestamp with time zone;--> statement-breakpoint
-- The old tables step aside (their key and index names are freed for the new ones).
ALTER TABLE "event" RENAME TO "event_unpartitioned";--> statement-breakpoint
ALTER TABLE "event_unpartitioned" DROP CONSTRAINT "event_project_id_id_pk";--> statement-breakpoint
DROP INDEX "event_project_job_idx";--> statement-breakpoint
DROP INDEX "event_project_time_idx";--> statement-breakpoint
ALTER TABLE "transcript_entry" RENAME TO "transcript_entry_unpartitioned";--> statement-breakpoint
ALTER TABLE "transcript_entry_unpartitioned" DROP CONSTRAINT "transcript_entry_project_id_event_id_pk";--> statement-breakpoint
DROP INDEX "transcript_job_order_idx";--> statement-breakpoint
DROP INDEX "transcript_job_call_idx";--> statement-breakpoint
DROP INDEX "transcript_text_search_idx";--> statement-breakpoint
-- LIKE keeps the column order (and defaults) of the old tables. No foreign keys on the partitioned tables: a day
-- partition with them cannot be dropped without ACCESS EXCLUSIVE locks on project, api_key and job (their
-- triggers); a project's rows go with its partitions, a job's transcript with its days (retention keeps jobs longer).
CREATE TABLE "event" (LIKE "event_unpartitioned" INCLUDING DEFAULTS) PARTITION BY LIST ("project_id");--> statement-breakpoint
ALTER TABLE "event" ADD CONSTRAINT "event_project_id_id_time_pk" PRIMARY KEY("project_id","id","time");--> statement-breakpoint
CREATE INDEX "event_project_job_idx" ON "event" USING btree ("project_id","job_external_id","time","seq");--> statement-breakpoint
CREATE INDEX "event_project_time_idx" ON "event" USING btree ("project_id","time");--> statement-breakpoint
CREATE TABLE "transcript_entry" (LIKE "transcript_entry_unpartitioned" INCLUDING DEFAULTS) PARTITION BY LIST ("project_id");--> statement-breakpoint
ALTER TABLE "transcript_entry" ADD CONSTRAINT "transcript_entry_project_id_event_id_time_pk" PRIMARY KEY("project_id","event_id","time");--> statement-breakpoint
CREATE INDEX "transcript_job_order_idx" ON "transcript_entry" USING btree ("job_id","time","seq","event_id");--> statement-breakpoint
CREATE INDEX "transcript_job_call_idx" ON "transcript_entry" USING btree ("job_id","call_id");--> statement-breakpoint
CREATE INDEX "transcript_text_search_idx" ON "transcript_entry" USING gin (to_tsvector('simple', left(coalesce("text", ''), 10000)));--> statement-breakpoint
-- Makes (if missing) one project's tables and one UTC day's partitions of event and transcript_entry. Safe when
-- instances race: one per project at a time (advisory lock), and what exists is left alone. CREATE TABLE then
-- ATTACH PARTITION: ATTACH takes SHARE UPDATE EXCLUSIVE on the parent, which does not block inserts (CREATE
-- TABLE ... PARTITION OF would take ACCESS EXCLUSIVE and stall the project's ingest while it waits).
CREATE FUNCTION "fleetwatch_ensure_day"(p uuid, d date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  parent text;
  proj text;
  day text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('fleetwatch.partitions ' || p::text, 0));
  FOREACH parent IN ARRAY ARRAY['event', 'transcript_entry'] LOOP
    proj := parent || '_p' || replace(p::text, '-', '');
    day := proj || '_' || to_char(d, 'YYYYMMDD');
    IF to_regclass(format('public.%I', proj)) IS NULL THEN
      EXECUTE format('CREATE TABLE public.%I (LIKE public.%I INCLUDING DEFAULTS) PARTITION BY RANGE ("time")', proj, parent);
      EXECUTE format('ALTER TABLE public.%I ATTACH PARTITION public.%I FOR VALUES IN (%L)', parent, proj, p);
    END IF;
    IF to_regclass(format('public.%I', day)) IS NULL THEN
      EXECUTE format('CREATE TABLE public.%I (LIKE public.%I INCLUDING DEFAULTS)', day, parent);
      EXECUTE format('ALTER TABLE public.%I ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)', proj, day,
        to_char(d, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(d + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
    END IF;
  END LOOP;
END $$;--> statement-breakpoint
SELECT "fleetwatch_ensure_day"(x.project_id, x.day) FROM (
  SELECT DISTINCT "project_id", ("time" AT TIME ZONE 'UTC')::date AS day FROM "event_unpartitioned"
  UNION
  SELECT DISTINCT "project_id", ("time" AT TIME ZONE 'UTC')::date AS day FROM "transcript_entry_unpartitioned"
  UNION
  SELECT p."id", d::date FROM "project" p,
    generate_series((now() AT TIME ZONE 'UTC')::date - 1, (now() AT TIME ZONE 'UTC')::date + 2, interval '1 day') d
) x ORDER BY x.project_id, x.day;--> statement-breakpoint
INSERT INTO "event" SELECT * FROM "event_unpartitioned";--> statement-breakpoint
INSERT INTO "transcript_entry" SELECT * FROM "transcript_entry_unpartitioned";--> statement-breakpoint
DROP TABLE "event_unpartitioned";--> statement-breakpoint
DROP TABLE "transcript_entry_unpartitioned";
