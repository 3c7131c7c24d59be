"use client";
import { Sparkles } from "lucide-react";
import { Markdown } from "@/components/transcripts/markdown";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";

export function ProseButton({ pending, onClick }: { pending: boolean; onClick: () => void }) {
  return (
    <Button variant="secondary" data-testid="rewrite-prose" disabled={pending} onClick={onClick}>
      <Sparkles className="size-4" />
      {pending ? "Writing…" : "Rewrite as prose"}
    </Button>
  );
}

/** The language model's prose, rendered through the sanitising Markdown renderer; the facts stay beside it. */
export function ProsePanel({
  model,
  prose,
  error,
}: {
  model: string;
  prose: string | null;
  error: string | null;
}) {
  return (
    <Card data-testid="prose">
      <CardHeader
        title="In prose"
        description={`Written by ${model} from the facts beside it, and nothing else. Check it against them.`}
      />
      <div className="px-5 py-4">
        {error ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : prose ? (
          <Markdown text={prose} />
        ) : (
          <div className="h-24 animate-pulse rounded-md bg-subtle" />
        )}
      </div>
    </Card>
  );
}
