import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { countUsers } from "@/lib/auth/server";
import { getSessionUser } from "@/lib/auth/session";
import { LoginForm } from "./client";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if ((await countUsers(await getDb())) === 0) redirect("/setup");
  if (await getSessionUser()) redirect("/");
  const { next } = await searchParams;
  // Only same-site paths: never redirect to another origin after login.
  const target = next?.startsWith("/") && !next.startsWith("//") ? next : "/";
  return <LoginForm redirectTo={target} />;
}
