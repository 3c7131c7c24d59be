// URL state of Settings > Audit log: the filters and the page (a keyset cursor). One parser map for the server
// loader and the client hook.
import { createLoader, parseAsString } from "nuqs/server";

export const auditSearchParams = {
  actor: parseAsString,
  action: parseAsString,
  object_type: parseAsString,
  from: parseAsString,
  to: parseAsString,
  cursor: parseAsString,
};

export const loadAuditSearchParams = createLoader(auditSearchParams);
