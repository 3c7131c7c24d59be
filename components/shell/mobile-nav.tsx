"use client";
// Small screens: a menu button in the top bar opens the navigation as a drawer over the page.
import { Menu, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { Logo } from "@/components/ui/logo";
import { ApiReferenceLink, NavLinks } from "./sidebar";

export function MobileNav() {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // a navigation (including back/forward) closes it
  // biome-ignore lint/correctness/useExhaustiveDependencies: closes on every path change
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <>
      <button
        type="button"
        aria-label="Open menu"
        aria-expanded={open}
        data-testid="menu-button"
        onClick={() => setOpen(true)}
        className="-ml-1 rounded-md p-2 text-muted hover:bg-subtle hover:text-fg md:hidden"
      >
        <Menu className="size-5" />
      </button>
      {open ? (
        <div className="fixed inset-0 z-40 md:hidden" role="dialog" aria-modal="true" aria-label="Menu">
          <button
            type="button"
            aria-label="Close menu"
            className="absolute inset-0 bg-black/40"
            onClick={() => setOpen(false)}
          />
          <div
            className="absolute inset-y-0 left-0 flex w-64 max-w-[80vw] flex-col border-r border-border bg-panel shadow-xl"
            data-testid="mobile-nav"
          >
            <div className="flex h-14 items-center justify-between px-4">
              <Link href="/" onClick={() => setOpen(false)}>
                <Logo />
              </Link>
              <button
                type="button"
                aria-label="Close menu"
                onClick={() => setOpen(false)}
                className="rounded-md p-2 text-muted hover:bg-subtle hover:text-fg"
              >
                <X className="size-4" />
              </button>
            </div>
            <NavLinks onNavigate={() => setOpen(false)} />
            <ApiReferenceLink />
          </div>
        </div>
      ) : null}
    </>
  );
}
