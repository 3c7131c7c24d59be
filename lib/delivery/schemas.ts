// The alert-destinations API's answers, as zod (the OpenAPI document and the API tests use them).
import { z } from "zod";
import { DESTINATION_KINDS, NOTIFICATION_STATUSES } from "@/db/schema";

export const destinationViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(DESTINATION_KINDS),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()).describe('The settings, with secrets shown as "set"'),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});

export const destinationListSchema = z.object({ destinations: z.array(destinationViewSchema) });

export const destinationCreatedSchema = z.object({
  destination: destinationViewSchema,
  secret: z.string().nullable().describe("A webhook's generated signing secret: returned this once"),
});

export const deliveryLogRowSchema = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  kind: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  sentAt: z.iso.datetime({ offset: true }).nullable(),
});

export const destinationDetailSchema = z.object({
  destination: destinationViewSchema,
  deliveries: z.array(deliveryLogRowSchema).describe("The last 50 notifications, newest first"),
});

export const testOutcomeSchema = z.object({
  notificationId: z.uuid(),
  status: z.enum(["sent", "failed"]),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
});
