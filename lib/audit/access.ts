// Who may read the audit log: a signed-in admin or owner. API keys are refused (no key scope grants it): the
// log names every member and key, and a leaked read key should not hand that over.

import { isAdminRole } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/session";
import { forbidden } from "@/lib/http/errors";

export function assertAuditReader({ user, apiKeyId }: { user: SessionUser | null; apiKeyId: string | null }) {
  if (apiKeyId || !user)
    throw forbidden("The audit log is for admins signed in to the console; API keys cannot read it.");
  if (!isAdminRole(user.role)) throw forbidden("Only an admin can read the audit log.");
}
