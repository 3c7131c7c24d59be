// The four roles of a console account and what each may do. The server checks these on every page, API route
// and server action; the UI only hides what a role cannot use.
import { z } from "zod";

export const ROLES = ["owner", "admin", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** What a role may do, from least to most. Each capability includes the ones before it. */
export type Capability =
  /** read everything in the projects the account may see */
  | "read"
  /** triage (resolve, ignore, assign, notes, merge), edit failure rules, budgets and alert rules */
  | "triage"
  /** members, keys, prices, webhooks, alert destinations, settings, retention */
  | "admin";

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
const NEEDS: Record<Capability, number> = { read: 0, triage: 1, admin: 2 };

/** An unknown role (an old or hand-edited row) may only read. */
export function asRole(value: string | null | undefined): Role {
  const parsed = roleSchema.safeParse(value);
  return parsed.success ? parsed.data : "viewer";
}

export function can(role: string | null | undefined, capability: Capability): boolean {
  return RANK[asRole(role)] >= NEEDS[capability];
}

export function isAdminRole(role: string | null | undefined): boolean {
  return can(role, "admin");
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};
