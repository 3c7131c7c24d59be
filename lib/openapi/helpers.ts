// Building blocks of the OpenAPI document: JSON Schema from zod, query parameters, error responses.
import { type ZodType, z } from "zod";

export const schema = (s: ZodType, io: "input" | "output" = "output") =>
  z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" });

export function queryParameters(s: z.ZodObject) {
  const json = schema(s, "input") as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: prop,
    description: (prop as { description?: string }).description,
  }));
}

export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
