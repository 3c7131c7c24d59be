"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { Logo } from "@/components/ui/logo";
import { cn } from "@/lib/cn";
import { SHARED_RANGE_KEYS } from "@/lib/range/search-params";
import { NAV } from "./nav";

/** Links keep the shared range (and auto refresh), so moving between pages keeps the window in view. */
function useSharedQuery() {
  const params = useSearchParams();
  const kept = new URLSearchParams();
  for (const key of [...SHARED_RANGE_KEYS, "refresh"]) {
    const v = params.get(key);
    if (v) kept.set(key, v);
  }
  const s = kept.toString();
  return s ? `?${s}` : "";
}

export function Sidebar() {
  const pathname = usePathname();
  const query = useSharedQuery();
  return (
    <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col border-r border-border bg-panel md:flex">
      <div className="flex h-14 items-center px-4">
        <Link href="/">
          <Logo />
        </Link>
      </div>
      <nav aria-label="Main" className="flex-1 space-y-0.5 px-2 py-2">
        {NAV.map(({ href, label, icon: Icon }) => {
          const active =
            href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
          return (
            <Link
              key={href}
              href={href === "/settings" ? href : `${href}${query}`}
              data-testid={`nav-${label.toLowerCase()}`}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm transition",
                active ? "bg-subtle font-medium text-fg" : "text-muted hover:bg-subtle hover:text-fg",
              )}
            >
              <Icon className={cn("size-4", active ? "text-accent" : "")} />
              {label}
            </Link>
          );
        })}
      </nav>
      <div className="border-t border-border px-4 py-3 text-xs text-muted">
        <a href="/api/v1/openapi.json" className="hover:text-fg">
          API reference (OpenAPI)
        </a>
      </div>
    </aside>
  );
}

/** Below md the sidebar gives way to this strip of the same links, scrolled sideways (phones). */
export function MobileNav() {
  const pathname = usePathname();
  const query = useSharedQuery();
  return (
    <nav
      aria-label="Main (compact)"
      className="flex gap-1 overflow-x-auto border-b border-border bg-panel px-3 py-1.5 md:hidden"
    >
      {NAV.map(({ href, label, icon: Icon }) => {
        const active = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href === "/settings" ? href : `${href}${query}`}
            data-testid={`mobile-nav-${label.toLowerCase()}`}
            aria-current={active ? "page" : undefined}
            className={cn(
              "inline-flex shrink-0 items-center gap-1.5 rounded-md px-2 py-1 text-xs",
              active ? "bg-subtle font-medium text-fg" : "text-muted",
            )}
          >
            <Icon className={cn("size-3.5", active ? "text-accent" : "")} />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
