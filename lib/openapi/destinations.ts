// The alert destinations part of the OpenAPI document: list, add, change, delete, send a test, delivery log.
// An admin session or an API key with the "config" scope.
import { destinationInputSchema, destinationPatchSchema } from "@/lib/delivery/config";
import {
  destinationCreatedSchema,
  destinationDetailSchema,
  destinationListSchema,
  destinationViewSchema,
  testOutcomeSchema,
} from "@/lib/delivery/schemas";
import { errors, schema } from "./helpers";

export function destinationsSchemas() {
  return {
    DestinationInput: schema(destinationInputSchema(true), "input"),
    DestinationPatch: schema(destinationPatchSchema, "input"),
    Destination: schema(destinationViewSchema),
    DestinationList: schema(destinationListSchema),
    DestinationCreated: schema(destinationCreatedSchema),
    DestinationDetail: schema(destinationDetailSchema),
    DestinationTestOutcome: schema(testOutcomeSchema),
  };
}

const json = (name: string, description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
});
const body = (name: string) => ({
  required: true,
  content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
});
const idParam = [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }];

export function destinationsPaths() {
  return {
    "/api/v1/alert-destinations": {
      get: {
        summary: 'The project\'s alert destinations (admin session or config key); secrets shown as "set"',
        operationId: "listAlertDestinations",
        responses: { "200": json("DestinationList", "The destinations"), ...errors(401, 403) },
      },
      post: {
        summary:
          "Add a destination: slack {url}, webhook {url, secret?}, email {to[]}, pagerduty {routingKey, url?}",
        description:
          "A webhook without a secret gets a generated one, returned in this answer only. URLs must be https " +
          "(http too when FLEETWATCH_WEBHOOK_ALLOW_PRIVATE is set) and may not point at private addresses.",
        operationId: "createAlertDestination",
        requestBody: body("DestinationInput"),
        responses: { "201": json("DestinationCreated", "Created"), ...errors(400, 401, 403, 415) },
      },
    },
    "/api/v1/alert-destinations/{id}": {
      get: {
        summary: "One destination and its delivery log (last 50 notifications)",
        operationId: "getAlertDestination",
        parameters: idParam,
        responses: { "200": json("DestinationDetail", "The destination"), ...errors(401, 403, 404) },
      },
      patch: {
        summary: "Rename, enable/disable, or change the settings of a destination",
        operationId: "updateAlertDestination",
        parameters: idParam,
        requestBody: body("DestinationPatch"),
        responses: { "200": json("Destination", "Updated"), ...errors(400, 401, 403, 404, 415) },
      },
      delete: {
        summary: "Delete a destination (its queued notifications go with it)",
        operationId: "deleteAlertDestination",
        parameters: idParam,
        responses: { "204": { description: "Deleted" }, ...errors(401, 403, 404) },
      },
    },
    "/api/v1/alert-destinations/{id}/test": {
      post: {
        summary: "Send a test message now (short retries) and return the outcome",
        operationId: "testAlertDestination",
        parameters: idParam,
        responses: { "200": json("DestinationTestOutcome", "Sent or failed"), ...errors(401, 403, 404) },
      },
    },
  };
}
