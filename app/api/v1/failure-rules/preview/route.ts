import { NextResponse } from "next/server";
import { previewRule } from "@/lib/failures/rule-queries";
import { previewBodySchema } from "@/lib/failures/rule-schemas";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** What a candidate rule would do to the most recent failures: how many change class, with samples. */
export const POST = apiRoute({
  access: "triage",
  body: previewBodySchema,
  handler: async ({ db, projectId, body }) => {
    const { id, limit, ...rule } = body;
    return NextResponse.json(await previewRule({ db, projectId, rule, replacesId: id ?? null, limit }));
  },
});
