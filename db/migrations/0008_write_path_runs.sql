CREATE TABLE "event_pending" (
	"pos" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_pending_pos_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" uuid NOT NULL,
	"event_id" text NOT NULL,
	"live" boolean DEFAULT true NOT NULL,
	"redactions" integer DEFAULT 0 NOT NULL,
	"truncated_from" integer,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failed_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "trigger_name" text;--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "trigger_schedule" text;--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "trigger_tz" text;--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "trigger_by" text;--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "root_external_id" text;--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "retry_of_external_id" text;--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "step" text;--> statement-breakpoint
ALTER TABLE "event_pending" ADD CONSTRAINT "event_pending_project_id_event_id_event_project_id_id_fk" FOREIGN KEY ("project_id","event_id") REFERENCES "public"."event"("project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_pending_project_idx" ON "event_pending" USING btree ("project_id","pos");--> statement-breakpoint
CREATE INDEX "job_project_parent_idx" ON "job" USING btree ("project_id","parent_external_id") WHERE "job"."parent_external_id" is not null;--> statement-breakpoint
CREATE INDEX "job_project_root_idx" ON "job" USING btree ("project_id","root_external_id") WHERE "job"."root_external_id" is not null;--> statement-breakpoint
CREATE INDEX "job_project_retry_of_idx" ON "job" USING btree ("project_id","retry_of_external_id") WHERE "job"."retry_of_external_id" is not null;--> statement-breakpoint
CREATE INDEX "job_project_step_idx" ON "job" USING btree ("project_id","step","sort_at" DESC NULLS LAST) WHERE "job"."step" is not null;--> statement-breakpoint
CREATE INDEX "job_project_schedule_idx" ON "job" USING btree ("project_id","trigger_schedule","sort_at" DESC NULLS LAST) WHERE "job"."trigger_schedule" is not null;
--> statement-breakpoint
-- Every instance caches API keys (lib/auth/key-cache.ts) and drops an entry when this notification names it:
-- a revoked, re-scoped or deleted key, or a deleted project, is refused everywhere within a second. Touching
-- last_used_at alone (once a minute per key) notifies nobody.
CREATE FUNCTION fleetwatch_api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'last_used_at') = (to_jsonb(OLD) - 'last_used_at') THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('fleetwatch_api_key', 'key:' || OLD.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER api_key_changed AFTER UPDATE OR DELETE ON "api_key"
  FOR EACH ROW EXECUTE FUNCTION fleetwatch_api_key_changed();
--> statement-breakpoint
CREATE FUNCTION fleetwatch_project_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.slug IS NOT DISTINCT FROM OLD.slug
     AND NEW.deleted_at IS NOT DISTINCT FROM OLD.deleted_at THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('fleetwatch_api_key', 'project:' || OLD.id::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER project_changed AFTER UPDATE OR DELETE ON "project"
  FOR EACH ROW EXECUTE FUNCTION fleetwatch_project_changed();
