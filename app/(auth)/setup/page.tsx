import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { LISTEN_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { countUsers } from "@/lib/auth/server";
import { setupTokenRequired } from "@/lib/auth/setup-token";
import { env } from "@/lib/env";
import { SetupForm } from "./client";

export const metadata: Metadata = { title: "Set up" };
export const dynamic = "force-dynamic";

export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  if ((await countUsers(await getDb())) > 0) redirect("/login");
  // Only decides whether the form shows the token field: the sign-up endpoint checks the token itself.
  const listen = (await headers()).get(LISTEN_ADDRESS_HEADER);
  const { token } = await searchParams;
  return (
    <SetupForm
      tokenRequired={setupTokenRequired(listen, env.FLEETWATCH_URL)}
      initialToken={typeof token === "string" ? token.slice(0, 200) : ""}
    />
  );
}
