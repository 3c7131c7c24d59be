import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { getPrimaryReadDb } from "@/db/read";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getReclassifyProgress } from "@/lib/failures/reclassify";
import { listRules } from "@/lib/failures/rule-queries";
import { getCurrentProject } from "@/lib/projects/current";
import { RulesClient } from "./client";

export const metadata: Metadata = { title: "Classification rules" };

export default async function RulesPage() {
  const user = await requireUser();
  const db = await getPrimaryReadDb();
  const { current } = await getCurrentProject(db);
  const [{ rules, builtins }, progress] = await Promise.all([
    listRules({ db, projectId: current.id }),
    getReclassifyProgress({ db, projectId: current.id }),
  ]);
  return (
    <>
      <PageHeader
        title="Classification rules"
        description="Your rules are tried in order before or between the built-in ones; the first that matches gives a failed job its class. Test a rule against recent failures, then apply the rules to the history."
      />
      <RulesClient rules={rules} builtins={builtins} progress={progress} canEdit={can(user.role, "triage")} />
    </>
  );
}
