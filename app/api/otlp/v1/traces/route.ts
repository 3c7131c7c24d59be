// OTLP/HTTP traces receiver (docs/opentelemetry.md): JSON or protobuf, authenticated with an ingest key.
import { otlpRoute } from "@/lib/ingest/otlp-receiver";

export const dynamic = "force-dynamic";

export const POST = otlpRoute("traces");
