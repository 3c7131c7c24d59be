import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { Card } from "@/components/ui/card";
import { getPrimaryReadDb } from "@/db/read";
import { requireUser } from "@/lib/auth/session";
import { accessibleProjects } from "@/lib/projects/access";

export const metadata: Metadata = { title: "No project" };
export const dynamic = "force-dynamic";

/** Where the console sends an account limited to no project (lib/projects/current.ts). */
export default async function NoProjectsPage() {
  const user = await requireUser();
  if ((await accessibleProjects(await getPrimaryReadDb(), user)).length > 0) redirect("/");
  return (
    <Card className="p-6 text-center" data-testid="no-projects">
      <h1 className="text-base font-semibold">No project to show</h1>
      <p className="mt-2 text-sm text-muted">
        Your account ({user.email}) has access to no project yet. Ask an admin to grant you one.
      </p>
      <div className="mt-4">
        <SignOutButton />
      </div>
    </Card>
  );
}
