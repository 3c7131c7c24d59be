import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { listEscalationPolicies } from "@/lib/alerts/escalation-config";
import { listAlertRules } from "@/lib/alerts/rule-config";
import { listDestinationChoices, listMemberChoices } from "@/lib/alerts/settings-queries";
import { listSilences } from "@/lib/alerts/silence-config";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getCurrentProject } from "@/lib/projects/current";
import { AlertSettingsClient } from "./client";

export const metadata: Metadata = { title: "Alert rules" };

export default async function AlertSettingsPage() {
  const user = await requireUser();
  const db = await getPrimaryReadDb();
  const { current } = await getCurrentProject(db);
  const projectId = current.id;
  const [rules, policies, silences, destinations, members] = await Promise.all([
    listAlertRules({ db, projectId }),
    listEscalationPolicies({ db, projectId }),
    listSilences({ db, projectId }),
    listDestinationChoices({ db, projectId }),
    listMemberChoices({ db }),
  ]);
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Rules that open incidents, who hears about them and when, and silences for planned work."
      />
      <AlertSettingsClient
        rules={rules}
        policies={policies}
        silences={silences}
        destinations={destinations}
        members={members}
        canEditRules={can(user.role, "triage")}
        canEditPolicies={can(user.role, "admin")}
      />
    </>
  );
}
