import type { Metadata } from "next";
import { LinkForm, LinkProblem } from "@/components/members/link-form";
import { getDb } from "@/db/client";
import { asRole, ROLE_LABELS } from "@/lib/auth/roles";
import { inspectLink, LINK_PROBLEMS } from "@/lib/members/accept";

export const metadata: Metadata = { title: "Join", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectLink(await getDb(), "invite", token);
  if (link.state !== "valid")
    return <LinkProblem title="This invite cannot be used" message={LINK_PROBLEMS[link.state]} />;
  return (
    <LinkForm
      kind="invite"
      token={token}
      email={link.email}
      role={ROLE_LABELS[asRole(link.role)].toLowerCase()}
    />
  );
}
