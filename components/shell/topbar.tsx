"use client";
import { useQueryClient } from "@tanstack/react-query";
import { FolderKanban, LogOut, Moon, Sun } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTheme } from "next-themes";
import { useTransition } from "react";
import { authClient } from "@/lib/auth/client";
import { switchProjectAction } from "./actions";
import { MobileNav } from "./mobile-nav";

type Props = {
  projects: { slug: string; name: string }[];
  current: string;
  user: { name: string; email: string };
};

export function Topbar({ projects, current, user }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const { resolvedTheme, setTheme } = useTheme();
  const [pending, startTransition] = useTransition();

  return (
    <header className="sticky top-0 z-10 flex h-14 items-center justify-between gap-2 border-b border-border bg-panel/80 px-3 backdrop-blur sm:gap-4 md:px-6">
      <div className="flex min-w-0 items-center gap-1">
        <MobileNav />
        <label className="flex min-w-0 items-center gap-2 text-sm">
          <FolderKanban className="hidden size-4 shrink-0 text-muted sm:block" aria-hidden />
          <span className="sr-only">Project</span>
          <select
            data-testid="project-switcher"
            value={current}
            disabled={pending}
            onChange={(e) => {
              const slug = e.target.value;
              startTransition(async () => {
                const switched = await switchProjectAction(slug);
                // e.g. a project deleted meanwhile: say so (the select goes back to the current project)
                if (!switched.ok) window.alert(switched.error ?? "Could not switch the project.");
                queryClient.clear();
                router.refresh();
              });
            }}
            className="min-w-0 max-w-[10rem] rounded-md border border-border bg-panel px-2 py-1 text-sm font-medium sm:max-w-xs"
          >
            {projects.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="flex items-center gap-2">
        <button
          type="button"
          data-testid="theme-toggle"
          aria-label="Toggle dark mode"
          onClick={() => setTheme(resolvedTheme === "dark" ? "light" : "dark")}
          className="rounded-md p-2 text-muted hover:bg-subtle hover:text-fg"
        >
          <Sun className="hidden size-4 dark:block" />
          <Moon className="size-4 dark:hidden" />
        </button>
        <div className="hidden text-right leading-tight sm:block">
          <div className="text-xs font-medium" data-testid="user-name">
            {user.name}
          </div>
          <div className="text-[11px] text-muted">{user.email}</div>
        </div>
        <button
          type="button"
          data-testid="logout"
          aria-label="Log out"
          onClick={async () => {
            await authClient.signOut();
            queryClient.clear();
            router.replace("/login");
            router.refresh();
          }}
          className="inline-flex items-center gap-1.5 rounded-md px-2 py-1.5 text-xs text-muted hover:bg-subtle hover:text-fg"
        >
          <LogOut className="size-3.5" /> <span className="hidden sm:inline">Log out</span>
        </button>
      </div>
    </header>
  );
}
