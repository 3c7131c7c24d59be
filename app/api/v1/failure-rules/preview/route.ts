import { NextResponse } from "next/server";
import { badRequest } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { previewRule } from "@/lib/failures/rule-queries";
import { previewBodySchema } from "@/lib/failures/rule-schemas";

export const dynamic = "force-dynamic";

/** What a candidate rule would do to the most recent failures: how many change class, with samples. */
export const POST = apiRoute({
  access: "triage",
  handler: async ({ request, db, projectId }) => {
    const body = await request.json().catch(() => {
      throw badRequest("The body is not valid JSON.");
    });
    const { id, limit, ...rule } = previewBodySchema.parse(body);
    return NextResponse.json(await previewRule({ db, projectId, rule, replacesId: id ?? null, limit }));
  },
});
