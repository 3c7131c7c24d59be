import { NextResponse } from "next/server";
import { badRequest } from "@/lib/api/errors";
import { apiRoute } from "@/lib/api/route";
import { importFile } from "@/lib/importers";
import { type ImportResponse, importRequestSchema, MAX_IMPORT_BYTES } from "@/lib/importers/schemas";
import { readLimitedBody } from "@/lib/ingest/body";
import { ingestBatch } from "@/lib/ingest/ingest";

export const dynamic = "force-dynamic";

/** Imports one Claude Code or Codex file (the Jobs page's drag and drop) through the ingest write path. */
export const POST = apiRoute({
  access: "write",
  handler: async ({ request, db, projectId, apiKeyId }) => {
    const body = await readLimitedBody(request, {
      maxBytes: MAX_IMPORT_BYTES,
      tooLargeHint: "Import bigger files with npm run import.",
    });
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      throw badRequest("The body is not valid JSON.");
    }
    const input = importRequestSchema.parse(json);
    const file = importFile(input.text, {
      fileName: input.file_name,
      agent: input.agent,
      parentText: input.parent_text,
    });
    const out: ImportResponse = {
      format: file.format,
      session_id: file.sessionId,
      events: file.events.length,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      skipped: file.skipped.slice(0, 100),
      errors: [],
    };
    for (let i = 0; i < file.events.length; i += 1000) {
      const r = await ingestBatch({ db, projectId, apiKeyId, rawEvents: file.events.slice(i, i + 1000) });
      out.accepted += r.accepted;
      out.duplicates += r.duplicates;
      out.rejected += r.rejected;
      for (const x of r.results ?? [])
        if (x.status === "rejected" && out.errors.length < 20) out.errors.push(`${x.id}: ${x.error}`);
    }
    return NextResponse.json(out, { status: file.format === null ? 422 : 200 });
  },
});
