import { Construction } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

/** A page that is planned but not built yet: what it will show, and the data that will feed it. */
export function ComingSoon({
  title,
  description,
  features,
  feed,
}: {
  title: string;
  description: string;
  features: string[];
  feed: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card className="max-w-3xl p-8" data-testid="coming-soon">
        <div className="mb-4 flex items-center gap-3">
          <div className="rounded-lg bg-amber-500/10 p-2.5 text-amber-600">
            <Construction className="size-5" />
          </div>
          <h2 className="text-base font-semibold">Coming soon</h2>
        </div>
        <p className="mb-3 text-muted">This page will show:</p>
        <ul className="mb-6 list-disc space-y-1 pl-5">
          {features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
        <div className="rounded-md border border-border bg-subtle p-4 text-sm">
          <p className="mb-1 font-medium">How to feed it</p>
          <div className="text-muted">{feed}</div>
          <p className="mt-3 text-muted">
            Events you send today are kept: this page will show them once it ships. Create a key in{" "}
            <Link href="/settings" className="text-accent hover:underline">
              Settings
            </Link>{" "}
            and see the{" "}
            <a href="/api/v1/openapi.json" className="text-accent hover:underline">
              API reference
            </a>
            .
          </p>
        </div>
      </Card>
    </>
  );
}
