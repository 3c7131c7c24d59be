// The console's own not-found page: an unknown agent or job (or an id that cannot be one) calls notFound(), and
// this renders inside the console layout (sidebar, project switcher) with status 404.
import { SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "Not found" };

export default function ConsoleNotFound() {
  return (
    <Card className="mx-auto mt-8 max-w-xl p-8 text-center" data-testid="console-not-found">
      <div className="mx-auto mb-4 w-fit rounded-lg bg-accent/10 p-2.5 text-accent">
        <SearchX className="size-5" />
      </div>
      <h1 className="text-lg font-semibold">Nothing here</h1>
      <p className="mt-2 text-sm text-muted">
        This project has no such agent or job: the link may be mistyped, or point at another project (switch
        project at the top).
      </p>
      <div className="mt-5 flex flex-wrap justify-center gap-3 text-sm">
        <Link href="/agents" className="text-accent hover:underline">
          Agents
        </Link>
        <Link href="/jobs" className="text-accent hover:underline">
          Jobs
        </Link>
        <Link href="/" className="text-accent hover:underline">
          Overview
        </Link>
      </div>
    </Card>
  );
}
