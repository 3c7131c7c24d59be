// Outgoing mail (invites, password resets, alert emails) through the SMTP server of FLEETWATCH_SMTP_URL, with
// nodemailer. Callers pass the URL explicitly (tests point it at a local smtp-server); the console passes env.
import nodemailer, { type Transporter } from "nodemailer";
import { z } from "zod";
import { env } from "@/lib/env";

export type MailMessage = {
  to: string | string[];
  subject: string;
  /** Plain-text body (always sent). */
  text: string;
  /** Optional HTML alternative; build it with escapeHtml for anything user-written. */
  html?: string;
  /** Extra headers, e.g. X-Fleetwatch-Incident. */
  headers?: Record<string, string>;
};

export type MailConfig = { smtpUrl: string; from: string };

export class MailNotConfiguredError extends Error {
  constructor() {
    super("Mail is not configured: set FLEETWATCH_SMTP_URL (and FLEETWATCH_MAIL_FROM).");
    this.name = "MailNotConfiguredError";
  }
}

const address = z.email().max(320);
const transports = new Map<string, Transporter>();

/** The console's mail settings, or null when FLEETWATCH_SMTP_URL is unset. */
export function mailConfigFromEnv(): MailConfig | null {
  return env.FLEETWATCH_SMTP_URL
    ? { smtpUrl: env.FLEETWATCH_SMTP_URL, from: env.FLEETWATCH_MAIL_FROM }
    : null;
}

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    transport = nodemailer.createTransport({
      url: smtpUrl,
      // A slow or silent server must not hold a caller for minutes (nodemailer's defaults are 2 min / 10 min).
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/**
 * Sends one message; resolves with the server's message id once the SMTP server accepted it. Recipients are
 * validated first (a header injection or a malformed address is refused before any connection).
 */
export async function sendMail(message: MailMessage, config: MailConfig | null = mailConfigFromEnv()) {
  if (!config) throw new MailNotConfiguredError();
  const to = (Array.isArray(message.to) ? message.to : [message.to]).map((a) => address.parse(a.trim()));
  if (to.length === 0) throw new Error("A message needs at least one recipient.");
  const subject = message.subject.replace(/[\r\n]+/g, " ").slice(0, 250);
  const info = await transportFor(config.smtpUrl).sendMail({
    from: config.from,
    to,
    subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
  });
  return { messageId: String(info.messageId), accepted: (info.accepted ?? []).map(String) };
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
