// One send of one AlertMessage to one target, whatever its kind; the answer is an Attempt (delivered, or why
// not and whether trying again may help). The worker and "Send test" decide about retries.
import { signBody } from "@/lib/ingest/signature";
import { type MailConfig, MailNotConfiguredError, mailConfigFromEnv, sendMail } from "@/lib/mail/mailer";
import { type DestinationConfig, targetOf } from "./config";
import { type Attempt, type FetchLike, failureOf, postJson } from "./http";
import type { AlertMessage } from "./outbox";
import { alertEmail, pagerDutyEvent, webhookPayload } from "./render";
import { slackPayload } from "./render-slack";

/** A destination, or a member reached by email (an escalation step). */
export type Target = DestinationConfig | { kind: "member"; email: string };

export type SendDeps = {
  fetch?: FetchLike;
  /** Default: the console's (FLEETWATCH_SMTP_URL). */
  mail?: MailConfig | null;
  timeoutMs: number;
};

const USER_AGENT = "Fleetwatch-Alerts/1";

async function email(to: string[], message: AlertMessage, mail: MailConfig | null): Promise<Attempt> {
  const m = alertEmail(message);
  try {
    await sendMail({ to, subject: m.subject, text: m.text, html: m.html, headers: m.headers }, mail);
    return { ok: true, responseStatus: null, error: null, retryable: false, retryAfterMs: null };
  } catch (e) {
    if (e instanceof MailNotConfiguredError)
      return { ok: false, responseStatus: null, error: e.message, retryable: false, retryAfterMs: null };
    // an SMTP 5xx (mailbox unknown, relay denied) is final; a 4xx or a connection error may pass later
    const code = (e as { responseCode?: number }).responseCode;
    const failure = failureOf(e);
    return {
      ...failure,
      error: `email: ${failure.error}`,
      responseStatus: code ?? null,
      retryable: !(typeof code === "number" && code >= 500) && (e as Error).name !== "ZodError",
    };
  }
}

export async function sendTo(
  target: Target,
  message: AlertMessage,
  notificationId: string,
  deps: SendDeps,
): Promise<Attempt> {
  const http = { fetch: deps.fetch, timeoutMs: deps.timeoutMs };
  const mail = deps.mail === undefined ? mailConfigFromEnv() : deps.mail;
  switch (target.kind) {
    case "member":
      return email([target.email], message, mail);
    case "email":
      return email(target.config.to, message, mail);
    case "slack":
      return postJson(
        target.config.url,
        JSON.stringify(slackPayload(message)),
        { "user-agent": USER_AGENT },
        http,
      );
    case "pagerduty":
      return postJson(
        targetOf(target) as string,
        JSON.stringify(pagerDutyEvent(message, target.config.routingKey)),
        { "user-agent": USER_AGENT },
        http,
      );
    case "webhook": {
      const body = JSON.stringify(webhookPayload(message, notificationId));
      return postJson(
        target.config.url,
        body,
        {
          "user-agent": USER_AGENT,
          "fleetwatch-event": `alert.${message.event}`,
          "fleetwatch-delivery": notificationId,
          "fleetwatch-signature": signBody(target.config.secret, body),
        },
        http,
      );
    }
  }
}
