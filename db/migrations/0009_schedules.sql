CREATE TABLE "schedule" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"cron" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"agent_name" text,
	"grace_seconds" integer,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "schedule_slot_alert" (
	"rule_id" uuid NOT NULL,
	"schedule_key" text NOT NULL,
	"slot_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"alerted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "schedule_slot_alert_rule_id_schedule_key_slot_at_pk" PRIMARY KEY("rule_id","schedule_key","slot_at")
);
--> statement-breakpoint
ALTER TABLE "schedule" ADD CONSTRAINT "schedule_project_id_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule" ADD CONSTRAINT "schedule_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schedule_slot_alert" ADD CONSTRAINT "schedule_slot_alert_rule_id_alert_rule_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rule"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_project_name_uq" ON "schedule" USING btree ("project_id","name");--> statement-breakpoint
CREATE INDEX "schedule_slot_alert_alerted_idx" ON "schedule_slot_alert" USING btree ("rule_id","alerted_at");