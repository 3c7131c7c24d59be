"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

const TABS = [
  { href: "/settings", label: "Keys & thresholds" },
  { href: "/settings/projects", label: "Projects" },
  { href: "/settings/members", label: "Members" },
  { href: "/settings/profile", label: "Profile" },
  { href: "/settings/sso", label: "Single sign-on" },
  { href: "/settings/prices", label: "Model prices" },
  { href: "/settings/alerts", label: "Alerts" },
  { href: "/settings/alerts/destinations", label: "Alert destinations" },
  { href: "/settings/standups", label: "Standups & webhooks" },
  { href: "/settings/schedules", label: "Schedules" },
  { href: "/settings/audit", label: "Audit log" },
] as const;

export function SettingsNav() {
  const pathname = usePathname();
  return (
    // A row of tabs on small screens (scrolling sideways), a column beside the page from lg up.
    <nav
      aria-label="Settings"
      className="mb-6 flex gap-1 overflow-x-auto border-b border-border lg:sticky lg:top-20 lg:mb-0 lg:flex-col lg:self-start lg:overflow-visible lg:border-b-0"
    >
      {TABS.map((t) => {
        // Members stays lit on its sub-pages (a member's access editor).
        const active =
          pathname === t.href || (t.href === "/settings/members" && pathname.startsWith(`${t.href}/`));
        return (
          <Link
            key={t.href}
            href={t.href}
            aria-current={active ? "page" : undefined}
            data-testid={`settings-tab-${t.href.slice("/settings/".length).replaceAll("/", "-") || "general"}`}
            className={cn(
              "-mb-px shrink-0 border-b-2 px-3 py-2 text-sm whitespace-nowrap transition lg:mb-0 lg:rounded-md lg:border-b-0 lg:py-1.5",
              active
                ? "border-accent font-medium text-fg lg:bg-subtle"
                : "border-transparent text-muted hover:text-fg lg:hover:bg-subtle",
            )}
          >
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
