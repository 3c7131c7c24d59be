import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { safeNextPath } from "@/lib/auth/safe-next";
import { countUsers } from "@/lib/auth/server";
import { getSessionUser } from "@/lib/auth/session";
import { LoginForm } from "./client";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  if ((await countUsers(await getDb())) === 0) redirect("/setup");
  if (await getSessionUser()) redirect("/");
  const { next } = await searchParams;
  // Only a path of this console: never another origin after login, whatever shape `next` takes.
  return <LoginForm redirectTo={safeNextPath(next)} />;
}
