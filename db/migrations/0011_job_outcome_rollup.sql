CREATE TABLE "job_outcome_hourly" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"failure_class" text DEFAULT '' NOT NULL,
	"jobs" integer DEFAULT 0 NOT NULL,
	"cost_usd" numeric DEFAULT '0' NOT NULL,
	"cost_jobs" integer DEFAULT 0 NOT NULL,
	"unpriced_jobs" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_outcome_hourly_project_id_hour_status_failure_class_pk" PRIMARY KEY("project_id","hour","status","failure_class")
);
--> statement-breakpoint
CREATE TABLE "usage_daily" (
	"project_id" uuid NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"agent_name" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"harness" text DEFAULT '' NOT NULL,
	"input_tokens" numeric DEFAULT '0' NOT NULL,
	"output_tokens" numeric DEFAULT '0' NOT NULL,
	"cache_read_tokens" numeric DEFAULT '0' NOT NULL,
	"cache_write_tokens" numeric DEFAULT '0' NOT NULL,
	"cost_usd" numeric DEFAULT '0' NOT NULL,
	"reported_cost_usd" numeric DEFAULT '0' NOT NULL,
	"computed_cost_usd" numeric DEFAULT '0' NOT NULL,
	"usage_events" bigint DEFAULT 0 NOT NULL,
	"unpriced_events" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_daily_project_id_day_agent_name_model_harness_pk" PRIMARY KEY("project_id","day","agent_name","model","harness")
);
--> statement-breakpoint
ALTER TABLE "job_outcome_hourly" ADD CONSTRAINT "job_outcome_hourly_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_daily" ADD CONSTRAINT "usage_daily_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_project_agent_last_event_idx" ON "job" USING btree ("project_id","agent_name","last_event_at");--> statement-breakpoint
-- job_outcome_hourly is maintained by statement triggers on job (drizzle cannot express them): each statement that
-- writes job adds its new rows' contributions and subtracts its old rows', summed per key and written in key
-- order (concurrent writers lock alike), in the same transaction. An update that changes no counted column nets
-- to zero and writes nothing. A key's hour is the UTC hour of job.sort_at; lib/rollups/job-outcomes.ts rebuilds
-- the same sums from job. A trigger with transition tables fires for one kind of statement: three functions.
CREATE FUNCTION "job_outcome_hourly_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "job_outcome_hourly" AS o
		("project_id", "hour", "status", "failure_class", "jobs", "cost_usd", "cost_jobs", "unpriced_jobs")
	SELECT "project_id", "hour", "status", "failure_class", sum("jobs")::int, sum("cost_usd"),
		sum("cost_jobs")::int, sum("unpriced_jobs")::int
	FROM (
		SELECT "project_id", date_trunc('hour', "sort_at", 'UTC') AS "hour", "status",
			coalesce("failure_class", '') AS "failure_class", 1 AS "jobs", coalesce("cost_usd", 0) AS "cost_usd",
			("cost_usd" IS NOT NULL)::int AS "cost_jobs", ("unpriced_usage_events" > 0)::int AS "unpriced_jobs"
		FROM new_rows
	) d
	GROUP BY 1, 2, 3, 4
	HAVING sum("jobs") <> 0 OR sum("cost_usd") <> 0 OR sum("cost_jobs") <> 0 OR sum("unpriced_jobs") <> 0
	ORDER BY 1, 2, 3, 4
	ON CONFLICT ("project_id", "hour", "status", "failure_class") DO UPDATE SET
		"jobs" = o."jobs" + excluded."jobs", "cost_usd" = o."cost_usd" + excluded."cost_usd",
		"cost_jobs" = o."cost_jobs" + excluded."cost_jobs", "unpriced_jobs" = o."unpriced_jobs" + excluded."unpriced_jobs";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "job_outcome_hourly_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "job_outcome_hourly" AS o
		("project_id", "hour", "status", "failure_class", "jobs", "cost_usd", "cost_jobs", "unpriced_jobs")
	SELECT "project_id", "hour", "status", "failure_class", sum("jobs")::int, sum("cost_usd"),
		sum("cost_jobs")::int, sum("unpriced_jobs")::int
	FROM (
		SELECT "project_id", date_trunc('hour', "sort_at", 'UTC') AS "hour", "status",
			coalesce("failure_class", '') AS "failure_class", 1 AS "jobs", coalesce("cost_usd", 0) AS "cost_usd",
			("cost_usd" IS NOT NULL)::int AS "cost_jobs", ("unpriced_usage_events" > 0)::int AS "unpriced_jobs"
		FROM new_rows
		UNION ALL
		SELECT "project_id", date_trunc('hour', "sort_at", 'UTC') AS "hour", "status",
			coalesce("failure_class", '') AS "failure_class", -1 AS "jobs", -coalesce("cost_usd", 0) AS "cost_usd",
			-("cost_usd" IS NOT NULL)::int AS "cost_jobs", -("unpriced_usage_events" > 0)::int AS "unpriced_jobs"
		FROM old_rows
	) d
	GROUP BY 1, 2, 3, 4
	HAVING sum("jobs") <> 0 OR sum("cost_usd") <> 0 OR sum("cost_jobs") <> 0 OR sum("unpriced_jobs") <> 0
	ORDER BY 1, 2, 3, 4
	ON CONFLICT ("project_id", "hour", "status", "failure_class") DO UPDATE SET
		"jobs" = o."jobs" + excluded."jobs", "cost_usd" = o."cost_usd" + excluded."cost_usd",
		"cost_jobs" = o."cost_jobs" + excluded."cost_jobs", "unpriced_jobs" = o."unpriced_jobs" + excluded."unpriced_jobs";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "job_outcome_hourly_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- Only existing rows change: the cascade of a deleted project must not insert rows for it.
	UPDATE "job_outcome_hourly" o SET
		"jobs" = o."jobs" - d."jobs", "cost_usd" = o."cost_usd" - d."cost_usd",
		"cost_jobs" = o."cost_jobs" - d."cost_jobs", "unpriced_jobs" = o."unpriced_jobs" - d."unpriced_jobs"
	FROM (
		SELECT "project_id", "hour", "status", "failure_class", sum("jobs")::int AS "jobs", sum("cost_usd") AS "cost_usd",
			sum("cost_jobs")::int AS "cost_jobs", sum("unpriced_jobs")::int AS "unpriced_jobs"
		FROM (SELECT "project_id", date_trunc('hour', "sort_at", 'UTC') AS "hour", "status",
			coalesce("failure_class", '') AS "failure_class", 1 AS "jobs", coalesce("cost_usd", 0) AS "cost_usd",
			("cost_usd" IS NOT NULL)::int AS "cost_jobs", ("unpriced_usage_events" > 0)::int AS "unpriced_jobs"
		FROM old_rows) x
		GROUP BY 1, 2, 3, 4
	) d
	WHERE o."project_id" = d."project_id" AND o."hour" = d."hour" AND o."status" = d."status"
		AND o."failure_class" = d."failure_class";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "job_outcome_hourly_insert" AFTER INSERT ON "job" REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "job_outcome_hourly_insert"();
--> statement-breakpoint
CREATE TRIGGER "job_outcome_hourly_update" AFTER UPDATE ON "job" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "job_outcome_hourly_update"();
--> statement-breakpoint
CREATE TRIGGER "job_outcome_hourly_delete" AFTER DELETE ON "job" REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "job_outcome_hourly_delete"();
--> statement-breakpoint
-- The jobs already stored.
INSERT INTO "job_outcome_hourly"
	("project_id", "hour", "status", "failure_class", "jobs", "cost_usd", "cost_jobs", "unpriced_jobs")
SELECT "project_id", date_trunc('hour', "sort_at", 'UTC'), "status", coalesce("failure_class", ''), count(*)::int,
	coalesce(sum("cost_usd"), 0), count("cost_usd")::int, (count(*) FILTER (WHERE "unpriced_usage_events" > 0))::int
FROM "job" GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- The Models page's figures over a range of job starts from the index alone (no heap visit per job): the columns
-- lib/models/figures.ts aggregates. Hand-written: drizzle cannot declare INCLUDE (db/schema/fleet.ts says so).
CREATE INDEX "job_project_sort_figures_idx" ON "job" USING btree ("project_id", "sort_at")
	INCLUDE ("model", "harness", "harness_version", "status", "duration_ms", "cost_usd", "unpriced_usage_events", "score",
	"failure_class");
--> statement-breakpoint
-- usage_daily follows usage_hourly the same way (each write's delta per UTC day, in key order, same transaction).
CREATE FUNCTION "usage_daily_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "usage_daily" AS o ("project_id", "day", "agent_name", "model", "harness", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd", "reported_cost_usd", "computed_cost_usd", "usage_events", "unpriced_events")
	SELECT "project_id", "day", "agent_name", "model", "harness", sum("input_tokens"), sum("output_tokens"), sum("cache_read_tokens"), sum("cache_write_tokens"), sum("cost_usd"), sum("reported_cost_usd"), sum("computed_cost_usd"), sum("usage_events"), sum("unpriced_events")
	FROM (
		SELECT "project_id", date_trunc('day', "hour", 'UTC') AS "day", "agent_name", "model", "harness", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd", "reported_cost_usd", "computed_cost_usd", "usage_events", "unpriced_events"
		FROM new_rows
	) d
	GROUP BY 1, 2, 3, 4, 5
	HAVING sum("input_tokens") <> 0 OR sum("output_tokens") <> 0 OR sum("cache_read_tokens") <> 0 OR sum("cache_write_tokens") <> 0 OR sum("cost_usd") <> 0 OR sum("reported_cost_usd") <> 0 OR sum("computed_cost_usd") <> 0 OR sum("usage_events") <> 0 OR sum("unpriced_events") <> 0
	ORDER BY 1, 2, 3, 4, 5
	ON CONFLICT ("project_id", "day", "agent_name", "model", "harness") DO UPDATE SET "input_tokens" = o."input_tokens" + excluded."input_tokens", "output_tokens" = o."output_tokens" + excluded."output_tokens", "cache_read_tokens" = o."cache_read_tokens" + excluded."cache_read_tokens", "cache_write_tokens" = o."cache_write_tokens" + excluded."cache_write_tokens", "cost_usd" = o."cost_usd" + excluded."cost_usd", "reported_cost_usd" = o."reported_cost_usd" + excluded."reported_cost_usd", "computed_cost_usd" = o."computed_cost_usd" + excluded."computed_cost_usd", "usage_events" = o."usage_events" + excluded."usage_events", "unpriced_events" = o."unpriced_events" + excluded."unpriced_events";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "usage_daily_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "usage_daily" AS o ("project_id", "day", "agent_name", "model", "harness", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd", "reported_cost_usd", "computed_cost_usd", "usage_events", "unpriced_events")
	SELECT "project_id", "day", "agent_name", "model", "harness", sum("input_tokens"), sum("output_tokens"), sum("cache_read_tokens"), sum("cache_write_tokens"), sum("cost_usd"), sum("reported_cost_usd"), sum("computed_cost_usd"), sum("usage_events"), sum("unpriced_events")
	FROM (
		SELECT "project_id", date_trunc('day', "hour", 'UTC') AS "day", "agent_name", "model", "harness", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd", "reported_cost_usd", "computed_cost_usd", "usage_events", "unpriced_events"
		FROM new_rows
		UNION ALL
		SELECT "project_id", date_trunc('day', "hour", 'UTC') AS "day", "agent_name", "model", "harness", -"input_tokens" AS "input_tokens", -"output_tokens" AS "output_tokens", -"cache_read_tokens" AS "cache_read_tokens", -"cache_write_tokens" AS "cache_write_tokens", -"cost_usd" AS "cost_usd", -"reported_cost_usd" AS "reported_cost_usd", -"computed_cost_usd" AS "computed_cost_usd", -"usage_events" AS "usage_events", -"unpriced_events" AS "unpriced_events"
		FROM old_rows
	) d
	GROUP BY 1, 2, 3, 4, 5
	HAVING sum("input_tokens") <> 0 OR sum("output_tokens") <> 0 OR sum("cache_read_tokens") <> 0 OR sum("cache_write_tokens") <> 0 OR sum("cost_usd") <> 0 OR sum("reported_cost_usd") <> 0 OR sum("computed_cost_usd") <> 0 OR sum("usage_events") <> 0 OR sum("unpriced_events") <> 0
	ORDER BY 1, 2, 3, 4, 5
	ON CONFLICT ("project_id", "day", "agent_name", "model", "harness") DO UPDATE SET "input_tokens" = o."input_tokens" + excluded."input_tokens", "output_tokens" = o."output_tokens" + excluded."output_tokens", "cache_read_tokens" = o."cache_read_tokens" + excluded."cache_read_tokens", "cache_write_tokens" = o."cache_write_tokens" + excluded."cache_write_tokens", "cost_usd" = o."cost_usd" + excluded."cost_usd", "reported_cost_usd" = o."reported_cost_usd" + excluded."reported_cost_usd", "computed_cost_usd" = o."computed_cost_usd" + excluded."computed_cost_usd", "usage_events" = o."usage_events" + excluded."usage_events", "unpriced_events" = o."unpriced_events" + excluded."unpriced_events";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "usage_daily_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "usage_daily" o SET "input_tokens" = o."input_tokens" - d."input_tokens", "output_tokens" = o."output_tokens" - d."output_tokens", "cache_read_tokens" = o."cache_read_tokens" - d."cache_read_tokens", "cache_write_tokens" = o."cache_write_tokens" - d."cache_write_tokens", "cost_usd" = o."cost_usd" - d."cost_usd", "reported_cost_usd" = o."reported_cost_usd" - d."reported_cost_usd", "computed_cost_usd" = o."computed_cost_usd" - d."computed_cost_usd", "usage_events" = o."usage_events" - d."usage_events", "unpriced_events" = o."unpriced_events" - d."unpriced_events"
	FROM (
		SELECT "project_id", "day", "agent_name", "model", "harness", sum("input_tokens") AS "input_tokens", sum("output_tokens") AS "output_tokens", sum("cache_read_tokens") AS "cache_read_tokens", sum("cache_write_tokens") AS "cache_write_tokens", sum("cost_usd") AS "cost_usd", sum("reported_cost_usd") AS "reported_cost_usd", sum("computed_cost_usd") AS "computed_cost_usd", sum("usage_events") AS "usage_events", sum("unpriced_events") AS "unpriced_events"
		FROM (SELECT "project_id", date_trunc('day', "hour", 'UTC') AS "day", "agent_name", "model", "harness", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd", "reported_cost_usd", "computed_cost_usd", "usage_events", "unpriced_events"
		FROM old_rows) x
		GROUP BY 1, 2, 3, 4, 5
	) d
	WHERE o."project_id" = d."project_id" AND o."day" = d."day" AND o."agent_name" = d."agent_name"
		AND o."model" = d."model" AND o."harness" = d."harness";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "usage_daily_insert" AFTER INSERT ON "usage_hourly" REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "usage_daily_insert"();
--> statement-breakpoint
CREATE TRIGGER "usage_daily_update" AFTER UPDATE ON "usage_hourly" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "usage_daily_update"();
--> statement-breakpoint
CREATE TRIGGER "usage_daily_delete" AFTER DELETE ON "usage_hourly" REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "usage_daily_delete"();
--> statement-breakpoint
-- The usage already stored.
INSERT INTO "usage_daily" ("project_id", "day", "agent_name", "model", "harness", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd", "reported_cost_usd", "computed_cost_usd", "usage_events", "unpriced_events")
SELECT "project_id", date_trunc('day', "hour", 'UTC'), "agent_name", "model", "harness", sum("input_tokens"), sum("output_tokens"), sum("cache_read_tokens"), sum("cache_write_tokens"), sum("cost_usd"), sum("reported_cost_usd"), sum("computed_cost_usd"), sum("usage_events"), sum("unpriced_events")
FROM "usage_hourly" GROUP BY 1, 2, 3, 4, 5;
