CREATE INDEX "job_project_cost_top_idx" ON "job" USING btree ("project_id","cost_usd" DESC NULLS LAST,"sort_at" DESC NULLS LAST) WHERE "job"."cost_usd" is not null;--> statement-breakpoint
-- Costs' per model and per agent outcomes of the jobs started in a range, from the index alone: the columns
-- lib/costs/queries.ts costJobsReport aggregates (a retry is trigger 'retry' or a retry_of_external_id).
-- Hand-written: drizzle cannot declare INCLUDE (db/schema/fleet.ts says so).
CREATE INDEX "job_project_sort_costs_idx" ON "job" USING btree ("project_id", "sort_at")
	INCLUDE ("model", "agent_name", "status", "cost_usd", "trigger", "retry_of_external_id");
--> statement-breakpoint
-- Jobs stored before labels.retry_of (the older runners' way to name the retried job) was folded into
-- retry_of_external_id: the same fact, moved once.
UPDATE "job" SET "retry_of_external_id" = "labels" ->> 'retry_of'
WHERE "retry_of_external_id" IS NULL AND jsonb_typeof("labels") = 'object' AND "labels" ->> 'retry_of' IS NOT NULL;
