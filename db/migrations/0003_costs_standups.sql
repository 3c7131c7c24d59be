CREATE TABLE "alert_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"subject" text NOT NULL,
	"data" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job_usage" (
	"project_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"model" text NOT NULL,
	"agent_name" text DEFAULT '' NOT NULL,
	"harness" text DEFAULT '' NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_read_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_usd" numeric(16, 8) DEFAULT '0' NOT NULL,
	"reported_cost_usd" numeric(16, 8) DEFAULT '0' NOT NULL,
	"computed_cost_usd" numeric(16, 8) DEFAULT '0' NOT NULL,
	"usage_events" integer DEFAULT 0 NOT NULL,
	"unpriced_events" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "job_usage_job_id_hour_model_pk" PRIMARY KEY("job_id","hour","model")
);
--> statement-breakpoint
CREATE TABLE "outbound_webhook" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "standup_run" (
	"project_id" uuid NOT NULL,
	"day" date NOT NULL,
	"claimed_by" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text DEFAULT 'sending' NOT NULL,
	CONSTRAINT "standup_run_project_id_day_pk" PRIMARY KEY("project_id","day")
);
--> statement-breakpoint
CREATE TABLE "webhook_delivery" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"webhook_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"response_status" integer,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "model_price_model_idx";--> statement-breakpoint
ALTER TABLE "budget" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "model_price" ADD COLUMN "long_cache_read" numeric(12, 6);--> statement-breakpoint
ALTER TABLE "model_price" ADD COLUMN "long_cache_write_5m" numeric(12, 6);--> statement-breakpoint
ALTER TABLE "model_price" ADD COLUMN "long_cache_write_1h" numeric(12, 6);--> statement-breakpoint
ALTER TABLE "model_price" ADD COLUMN "origin" text DEFAULT 'bundled' NOT NULL;--> statement-breakpoint
ALTER TABLE "model_price" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD COLUMN "reported_cost_usd" numeric(16, 8) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD COLUMN "computed_cost_usd" numeric(16, 8) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_hourly" ADD COLUMN "usage_events" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "cost_usd" numeric(16, 8);--> statement-breakpoint
ALTER TABLE "job" ADD COLUMN "unpriced_usage_events" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "project" ADD COLUMN "offline_after_seconds" integer DEFAULT 1800 NOT NULL;--> statement-breakpoint
ALTER TABLE "project" ADD COLUMN "standup_time" text;--> statement-breakpoint
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_usage" ADD CONSTRAINT "job_usage_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_webhook" ADD CONSTRAINT "outbound_webhook_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "standup_run" ADD CONSTRAINT "standup_run_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_delivery" ADD CONSTRAINT "webhook_delivery_webhook_id_outbound_webhook_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."outbound_webhook"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_event_dedupe_uq" ON "alert_event" USING btree ("project_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "alert_event_project_time_idx" ON "alert_event" USING btree ("project_id","occurred_at");--> statement-breakpoint
CREATE INDEX "job_usage_project_hour_idx" ON "job_usage" USING btree ("project_id","hour");--> statement-breakpoint
CREATE INDEX "outbound_webhook_project_idx" ON "outbound_webhook" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "webhook_delivery_webhook_idx" ON "webhook_delivery" USING btree ("webhook_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "model_price_model_from_uq" ON "model_price" USING btree ("model","effective_from");