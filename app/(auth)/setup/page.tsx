import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { countUsers } from "@/lib/auth/server";
import { SetupForm } from "./client";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage() {
  if ((await countUsers(await getDb())) > 0) redirect("/login");
  return <SetupForm />;
}
