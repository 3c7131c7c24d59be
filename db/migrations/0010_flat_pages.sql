CREATE TABLE "failure_daily" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"issue_id" uuid NOT NULL,
	"failure_class" text NOT NULL,
	"failures" integer NOT NULL,
	CONSTRAINT "failure_daily_project_id_day_issue_id_failure_class_pk" PRIMARY KEY("project_id","day","issue_id","failure_class")
);
--> statement-breakpoint
ALTER TABLE "failure_daily" ADD CONSTRAINT "failure_daily_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_project_failed_ended_idx" ON "job" USING btree ("project_id","ended_at","failure_class","agent_name","model","harness","failure_issue_id") WHERE "job"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "job_project_last_event_idx" ON "job" USING btree ("project_id","last_event_at");--> statement-breakpoint
CREATE INDEX "job_project_harness_idx" ON "job" USING btree ("project_id","harness");--> statement-breakpoint
CREATE INDEX "job_project_trigger_idx" ON "job" USING btree ("project_id","trigger");--> statement-breakpoint
CREATE INDEX "job_project_schedule_name_idx" ON "job" USING btree ("project_id",coalesce("trigger_name", "trigger_schedule")) WHERE "job"."trigger_schedule" is not null;--> statement-breakpoint
-- failure_daily is kept by statement triggers on job (hand-written: drizzle-kit cannot express them). Every
-- statement that inserts, updates or deletes jobs (the ingest upsert, classification, reclassification, purge)
-- moves the failed jobs' contributions in the same transaction: minus each old row, plus each new one, summed
-- per key, written in key order (concurrent statements lock rollup rows in the same order), zero rows removed.
CREATE FUNCTION failure_daily_on_job() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'select *, 1 as s from new_rows'
    WHEN 'DELETE' THEN 'select *, -1 as s from old_rows'
    ELSE 'select *, -1 as s from old_rows union all select *, 1 as s from new_rows' END;
  delta text;
BEGIN
  delta := format($q$
    select project_id, (ended_at at time zone 'UTC')::date as day,
      coalesce(failure_issue_id, '00000000-0000-0000-0000-000000000000'::uuid) as issue_id,
      coalesce(failure_class, '') as failure_class, sum(s)::int as n
    from (%s) x where status = 'failed' and ended_at is not null
    group by 1, 2, 3, 4 having sum(s) <> 0$q$, src);
  EXECUTE format($q$
    insert into failure_daily as f (project_id, day, issue_id, failure_class, failures)
    select * from (%s) d order by 1, 2, 3, 4
    on conflict (project_id, day, issue_id, failure_class)
    do update set failures = f.failures + excluded.failures$q$, delta);
  EXECUTE format($q$
    delete from failure_daily f using (%s) d
    where f.project_id = d.project_id and f.day = d.day and f.issue_id = d.issue_id
      and f.failure_class = d.failure_class and f.failures = 0$q$, delta);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER failure_daily_insert AFTER INSERT ON job REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION failure_daily_on_job();
--> statement-breakpoint
CREATE TRIGGER failure_daily_update AFTER UPDATE ON job REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION failure_daily_on_job();
--> statement-breakpoint
CREATE TRIGGER failure_daily_delete AFTER DELETE ON job REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION failure_daily_on_job();
--> statement-breakpoint
-- The jobs already there.
INSERT INTO failure_daily (project_id, day, issue_id, failure_class, failures)
SELECT project_id, (ended_at at time zone 'UTC')::date,
  coalesce(failure_issue_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(failure_class, ''), count(*)::int
FROM job WHERE status = 'failed' AND ended_at IS NOT NULL
GROUP BY 1, 2, 3, 4;
