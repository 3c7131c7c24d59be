import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";

export function ChartCard({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader title={title} description={description} actions={actions} />
      <div className="p-4">{children}</div>
    </Card>
  );
}
