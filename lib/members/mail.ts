// Mailing an invite or reset link. Mail is best effort: the link already exists (committed) and is shown to the
// admin whatever happens here, so a failure is reported, never thrown.
import type { MemberLinkKind } from "@/db/schema";
import { escapeHtml, type MailConfig, mailConfigFromEnv, sendMail } from "@/lib/mail/mailer";

export type MailOutcome =
  | { status: "sent" }
  | { status: "not_configured" }
  | { status: "failed"; error: string };

export async function mailLink(
  link: { kind: MemberLinkKind; to: string; url: string; expiresAt: Date; by: string | null },
  config: MailConfig | null = mailConfigFromEnv(),
): Promise<MailOutcome> {
  if (!config) return { status: "not_configured" };
  const until = link.expiresAt.toUTCString();
  const invite = link.kind === "invite";
  const subject = invite ? "You are invited to Fleetwatch" : "Reset your Fleetwatch password";
  const lead = invite
    ? `${link.by ?? "An admin"} invited you to their Fleetwatch console.`
    : `${link.by ?? "An admin"} sent you a link to set a new Fleetwatch password.`;
  const action = invite ? "Open this link to create your account" : "Open this link to set a new password";
  const text = `${lead}\n\n${action} (valid until ${until}, once):\n${link.url}\n\nIf you did not expect this, ignore this message.\n`;
  const html = `<p>${escapeHtml(lead)}</p><p><a href="${escapeHtml(link.url)}">${escapeHtml(action)}</a> (valid until ${escapeHtml(until)}, once):<br>${escapeHtml(link.url)}</p><p>If you did not expect this, ignore this message.</p>`;
  try {
    await sendMail({ to: link.to, subject, text, html }, config);
    return { status: "sent" };
  } catch (error) {
    return { status: "failed", error: error instanceof Error ? error.message : String(error) };
  }
}
