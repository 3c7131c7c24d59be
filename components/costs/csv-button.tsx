"use client";
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Downloads `csv()` as `fileName`: the figures the section shows, built in the browser. */
export function CsvButton({
  fileName,
  csv,
  testId,
  disabled,
}: {
  fileName: string;
  csv: () => string;
  testId: string;
  disabled?: boolean;
}) {
  return (
    <Button
      variant="ghost"
      size="sm"
      data-testid={testId}
      disabled={disabled}
      title={`Download ${fileName}`}
      onClick={() => {
        const url = URL.createObjectURL(new Blob([csv()], { type: "text/csv;charset=utf-8" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = fileName;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }}
    >
      <Download className="size-3.5" aria-hidden /> CSV
    </Button>
  );
}
