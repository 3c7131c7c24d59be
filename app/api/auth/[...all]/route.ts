import { handleAuthRequest } from "@/lib/auth/handler";
import { getAuth } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

async function handler(request: Request) {
  return handleAuthRequest(await getAuth(), request);
}

export { handler as GET, handler as POST };
