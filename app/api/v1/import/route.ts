import { eq } from "drizzle-orm";
import { NextResponse } from "next/server";
import { z } from "zod";
import { project } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { apiRoute } from "@/lib/http/route";
import { importAuditEntry } from "@/lib/import/audit";
import { importMode, RAW_TYPES } from "@/lib/import/body";
import { importedJobs } from "@/lib/import/jobs";
import { runImport } from "@/lib/import/run";
import type { ImportResponse } from "@/lib/importers/schemas";
import { ingestBatch } from "@/lib/ingest/ingest";

export const dynamic = "force-dynamic";

/** For a raw upload (the body is the file): its name (format detection reads it) and the agent. */
const querySchema = z.object({
  project: z.string().optional(),
  file_name: z.string().min(1).max(500).optional(),
  agent: z.string().min(1).max(200).optional(),
});

/**
 * Imports one Claude Code or Codex file (the Jobs page's drag and drop) through the ingest write path. The
 * body is the file itself (?file_name=), or the older JSON `{file_name, text}`; either is read as a stream
 * with a size cap and parsed in a worker thread (lib/import/run.ts), so an import never blocks the server.
 */
export const POST = apiRoute({
  access: "write",
  query: querySchema,
  ingest: {
    read: "stream",
    contentTypes: [...RAW_TYPES, "application/json"],
    typeHint: `the file's bytes (${RAW_TYPES.join(", ")}) or application/json {file_name, text}`,
    maxBytes: env.FLEETWATCH_IMPORT_MAX_MB * 1024 * 1024,
    tooLargeHint: "Imports are capped by FLEETWATCH_IMPORT_MAX_MB; import bigger files with npm run import.",
    userLimit: {
      perMinute: env.FLEETWATCH_IMPORT_RATE_PER_MINUTE,
      noun: "imports",
      setting: "FLEETWATCH_IMPORT_RATE_PER_MINUTE",
    },
  },
  handler: async ({ request, db, query, rawBody, projectId, apiKeyId, actor }) => {
    const mode = importMode(request);
    const out: ImportResponse = {
      format: null,
      session_id: null,
      events: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      skipped: [],
      errors: [],
      jobs: [],
      jobs_total: 0,
      jobs_window: null,
    };
    const fileName = query.file_name ?? "upload.jsonl";
    const externalIds = new Set<string>();
    // A session silent for longer than the project's stall time will not end now: close it (history is not live).
    const [where] = await db
      .select({ stall: project.stallAfterSeconds })
      .from(project)
      .where(eq(project.id, projectId));
    const file = await runImport({
      body: rawBody ?? request,
      mode,
      fileName,
      agent: query.agent,
      maxBytes: env.FLEETWATCH_IMPORT_MAX_MB * 1024 * 1024,
      closeUnendedBefore: new Date(Date.now() - (where?.stall ?? 900) * 1000),
      onBatch: async (rawEvents) => {
        for (const e of rawEvents) externalIds.add(e.job);
        const r = await ingestBatch({ db, projectId, apiKeyId, rawEvents, source: "import" });
        out.accepted += r.accepted;
        out.duplicates += r.duplicates;
        out.rejected += r.rejected;
        for (const x of r.results ?? [])
          if (x.status === "rejected" && out.errors.length < 20) out.errors.push(`${x.id}: ${x.error}`);
      },
    });
    out.format = file.format;
    out.session_id = file.sessionId;
    out.events = file.events;
    out.skipped = file.skipped;
    const made = await importedJobs({ db, projectId, externalIds });
    out.jobs = made.jobs;
    out.jobs_total = made.total;
    out.jobs_window = made.window;
    // One entry per import (of a recognised file), written once its batches are stored: each batch commits on
    // its own, so the entry follows the last one rather than sharing a transaction with all of them.
    if (file.format !== null)
      await recordAudit(
        db,
        actor,
        importAuditEntry({ projectId, fileName, bytes: file.bytes, ...out, jobs: externalIds.size }),
      );
    return NextResponse.json(out, { status: file.format === null ? 422 : 200 });
  },
});
