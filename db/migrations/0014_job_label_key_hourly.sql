CREATE TABLE "job_label_key_hourly" (
	"project_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"key" text NOT NULL,
	"jobs" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_label_key_hourly_project_id_hour_key_pk" PRIMARY KEY("project_id","hour","key")
);
--> statement-breakpoint
ALTER TABLE "job_label_key_hourly" ADD CONSTRAINT "job_label_key_hourly_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- job_label_key_hourly is maintained like job_outcome_hourly (migration 0011): statement triggers on job add each
-- statement's new rows and subtract its old rows per (project, UTC hour of sort_at, label key), in key order, in
-- the same transaction; an update that moves no key of no hour nets to zero and writes nothing. Only object
-- labels have keys (an array or a scalar counts nowhere). lib/rollups/label-keys.ts rebuilds the same counts.
CREATE FUNCTION "job_label_key_hourly_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "job_label_key_hourly" AS o ("project_id", "hour", "key", "jobs")
	SELECT r."project_id", date_trunc('hour', r."sort_at", 'UTC'), k."key", count(*)::int
	FROM new_rows r,
		jsonb_object_keys(CASE WHEN jsonb_typeof(r."labels") = 'object' THEN r."labels" ELSE '{}'::jsonb END) AS k("key")
	GROUP BY 1, 2, 3
	ORDER BY 1, 2, 3
	ON CONFLICT ("project_id", "hour", "key") DO UPDATE SET "jobs" = o."jobs" + excluded."jobs";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "job_label_key_hourly_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "job_label_key_hourly" AS o ("project_id", "hour", "key", "jobs")
	SELECT "project_id", "hour", "key", sum("jobs")::int
	FROM (
		SELECT r."project_id", date_trunc('hour', r."sort_at", 'UTC') AS "hour", k."key", 1 AS "jobs"
		FROM new_rows r,
			jsonb_object_keys(CASE WHEN jsonb_typeof(r."labels") = 'object' THEN r."labels" ELSE '{}'::jsonb END) AS k("key")
		UNION ALL
		SELECT r."project_id", date_trunc('hour', r."sort_at", 'UTC') AS "hour", k."key", -1 AS "jobs"
		FROM old_rows r,
			jsonb_object_keys(CASE WHEN jsonb_typeof(r."labels") = 'object' THEN r."labels" ELSE '{}'::jsonb END) AS k("key")
	) d
	GROUP BY 1, 2, 3
	HAVING sum("jobs") <> 0
	ORDER BY 1, 2, 3
	ON CONFLICT ("project_id", "hour", "key") DO UPDATE SET "jobs" = o."jobs" + excluded."jobs";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "job_label_key_hourly_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- Only existing rows change: the cascade of a deleted project must not insert rows for it.
	UPDATE "job_label_key_hourly" o SET "jobs" = o."jobs" - d."jobs"
	FROM (
		SELECT r."project_id", date_trunc('hour', r."sort_at", 'UTC') AS "hour", k."key", count(*)::int AS "jobs"
		FROM old_rows r,
			jsonb_object_keys(CASE WHEN jsonb_typeof(r."labels") = 'object' THEN r."labels" ELSE '{}'::jsonb END) AS k("key")
		GROUP BY 1, 2, 3
	) d
	WHERE o."project_id" = d."project_id" AND o."hour" = d."hour" AND o."key" = d."key";
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "job_label_key_hourly_insert" AFTER INSERT ON "job" REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "job_label_key_hourly_insert"();
--> statement-breakpoint
CREATE TRIGGER "job_label_key_hourly_update" AFTER UPDATE ON "job" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "job_label_key_hourly_update"();
--> statement-breakpoint
CREATE TRIGGER "job_label_key_hourly_delete" AFTER DELETE ON "job" REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION "job_label_key_hourly_delete"();
--> statement-breakpoint
-- The jobs already stored.
INSERT INTO "job_label_key_hourly" ("project_id", "hour", "key", "jobs")
SELECT j."project_id", date_trunc('hour', j."sort_at", 'UTC'), k."key", count(*)::int
FROM "job" j, jsonb_object_keys(CASE WHEN jsonb_typeof(j."labels") = 'object' THEN j."labels" ELSE '{}'::jsonb END) AS k("key")
GROUP BY 1, 2, 3;
