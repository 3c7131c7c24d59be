"use client";
import { Button } from "@/components/ui/button";
import { CopyBlock } from "@/components/ui/copy-block";
import type { MailOutcome } from "@/lib/members/mail";

/** A freshly made invite or reset link, shown once, with what happened to its mail. */
export function LinkResult({
  what,
  email,
  url,
  expiresAt,
  mail,
  onDone,
}: {
  what: "Invite" | "Reset link";
  email: string;
  url: string;
  expiresAt: string;
  mail: MailOutcome;
  onDone: () => void;
}) {
  return (
    <div className="space-y-3" data-testid="link-result">
      <p className="text-sm font-medium text-emerald-700 dark:text-emerald-400">
        {what} for {email} created, valid until {new Date(expiresAt).toLocaleString()} and usable once. Copy
        the link now: it will not be shown again.
      </p>
      <CopyBlock text={url} testId="created-link" label="Copy link" />
      <p className="text-xs text-muted" data-testid="mail-status">
        {mail.status === "sent"
          ? `Also mailed to ${email}.`
          : mail.status === "not_configured"
            ? "Mail is not configured: copy the link and send it yourself."
            : `The mail could not be sent (${mail.error}): copy the link and send it yourself.`}
      </p>
      <Button variant="secondary" size="sm" onClick={onDone} data-testid="link-done">
        Done
      </Button>
    </div>
  );
}
