import {
  Activity,
  Bell,
  Bot,
  CalendarClock,
  CircleDollarSign,
  LayoutDashboard,
  ListChecks,
  type LucideIcon,
  MessagesSquare,
  Settings,
  TriangleAlert,
  Workflow,
} from "lucide-react";

export type NavItem = { href: string; label: string; icon: LucideIcon };

export const NAV: NavItem[] = [
  { href: "/", label: "Overview", icon: LayoutDashboard },
  { href: "/jobs", label: "Jobs", icon: ListChecks },
  { href: "/pipelines", label: "Pipelines", icon: Workflow },
  { href: "/schedules", label: "Schedules", icon: CalendarClock },
  { href: "/failures", label: "Failures", icon: TriangleAlert },
  { href: "/alerts", label: "Alerts", icon: Bell },
  { href: "/costs", label: "Costs", icon: CircleDollarSign },
  { href: "/agents", label: "Agents", icon: Bot },
  { href: "/models", label: "Models", icon: Activity },
  { href: "/standups", label: "Standups", icon: MessagesSquare },
  { href: "/settings", label: "Settings", icon: Settings },
];
