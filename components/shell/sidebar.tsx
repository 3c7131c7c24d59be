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

/** The main navigation links; `onNavigate` closes the small-screen menu after a click. */
export function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const pathname = usePathname();
  const query = useSharedQuery();
  return (
    <nav aria-label="Main" className="flex-1 space-y-0.5 px-2 py-2">
      {NAV.map(({ href, label, icon: Icon }) => {
        const active = href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href === "/settings" ? href : `${href}${query}`}
            data-testid={`nav-${label.toLowerCase()}`}
            aria-current={active ? "page" : undefined}
            onClick={onNavigate}
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
  );
}

export function ApiReferenceLink() {
  return (
    <div className="border-t border-border px-4 py-3 text-xs text-muted">
      <a href="/api/v1/openapi.json" className="hover:text-fg">
        API reference (OpenAPI)
      </a>
    </div>
  );
}

/** The sidebar of wide screens; below the md breakpoint the menu button of the top bar opens MobileNav. */
export function Sidebar() {
  return (
    <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col border-r border-border bg-panel md:flex">
      <div className="flex h-14 items-center px-4">
        <Link href="/">
          <Logo />
        </Link>
      </div>
      <NavLinks />
      <ApiReferenceLink />
    </aside>
  );
}
