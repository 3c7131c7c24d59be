import type { ReactNode } from "react";
import { MobileNav, Sidebar } from "@/components/shell/sidebar";
import { Topbar } from "@/components/shell/topbar";
import { getReadDb } from "@/db/read";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const { current, projects } = await getCurrentProject(await getReadDb());
  return (
    <div className="flex min-h-screen">
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <Topbar
          projects={projects.map((p) => ({ slug: p.slug, name: p.name }))}
          current={current.slug}
          user={{ name: user.name, email: user.email }}
        />
        <MobileNav />
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 md:px-6">{children}</main>
      </div>
    </div>
  );
}
