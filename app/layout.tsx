import type { Metadata } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Fleetwatch", template: "%s · Fleetwatch" },
  description: "The ops console for fleets of AI agents",
};

// Reading the request's nonce (set by proxy.ts) makes every page render per request, as a nonce must be fresh:
// a page built once at build time would carry scripts the policy refuses.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen text-sm">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
