import type { Metadata } from "next";
import { LinkForm, LinkProblem } from "@/components/members/link-form";
import { getDb } from "@/db/client";
import { inspectLink, LINK_PROBLEMS } from "@/lib/members/accept";

export const metadata: Metadata = { title: "Reset password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = await inspectLink(await getDb(), "reset", token);
  if (link.state !== "valid")
    return <LinkProblem title="This reset link cannot be used" message={LINK_PROBLEMS[link.state]} />;
  return <LinkForm kind="reset" token={token} email={link.email} />;
}
