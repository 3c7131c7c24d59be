CREATE INDEX "job_project_failed_ended_idx" ON "job" USING btree ("project_id","ended_at","failure_class","agent_name","model","harness","failure_issue_id") WHERE "job"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "job_project_last_event_idx" ON "job" USING btree ("project_id","last_event_at");--> statement-breakpoint
CREATE INDEX "job_project_harness_idx" ON "job" USING btree ("project_id","harness");--> statement-breakpoint
CREATE INDEX "job_project_trigger_idx" ON "job" USING btree ("project_id","trigger");--> statement-breakpoint
CREATE INDEX "job_project_schedule_name_idx" ON "job" USING btree ("project_id",coalesce("trigger_name", "trigger_schedule")) WHERE "job"."trigger_schedule" is not null;