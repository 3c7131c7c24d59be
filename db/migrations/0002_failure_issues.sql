DROP INDEX "job_issue_idx";--> statement-breakpoint
ALTER TABLE "failure_issue" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "failure_issue" ADD COLUMN "ignored_until_count" integer;--> statement-breakpoint
ALTER TABLE "failure_issue" ADD COLUMN "ignored_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "failure_issue" ADD COLUMN "agents" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "failure_issue" ADD COLUMN "models" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "failure_issue" ADD COLUMN "harnesses" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "failure_issue_project_state_idx" ON "failure_issue" USING btree ("project_id","state","last_seen_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "job_project_failure_class_idx" ON "job" USING btree ("project_id","ended_at","failure_class");--> statement-breakpoint
CREATE INDEX "job_issue_idx" ON "job" USING btree ("failure_issue_id","ended_at" DESC NULLS LAST);