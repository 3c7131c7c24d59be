import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "./providers";

export const metadata: Metadata = {
  title: { default: "Fleetwatch", template: "%s · Fleetwatch" },
  description: "The ops console for fleets of AI agents",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen text-sm">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
