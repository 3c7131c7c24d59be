// An AlertMessage for the other targets: the generic JSON webhook, a PagerDuty Events API v2 event and an email
// (text + HTML with every user-written value escaped). Pure functions; the senders do the I/O.
import { escapeHtml } from "@/lib/mail/mailer";
import type { AlertMessage } from "./outbox";

/**
 * The generic webhook body (documented in README "Alert destinations"): version 1, the event, the notification
 * it belongs to, and the message as the outbox holds it.
 */
export type WebhookPayload = {
  type: "alert";
  version: 1;
  event: AlertMessage["event"];
  notificationId: string;
  message: AlertMessage;
};

export function webhookPayload(message: AlertMessage, notificationId: string): WebhookPayload {
  return { type: "alert", version: 1, event: message.event, notificationId, message };
}

/** PagerDuty severities happen to be ours; the map keeps the two vocabularies apart on purpose. */
const PD_SEVERITY = { critical: "critical", error: "error", warning: "warning", info: "info" } as const;

export type PagerDutyEvent = {
  routing_key: string;
  event_action: "trigger" | "acknowledge" | "resolve";
  dedup_key: string;
  payload?: {
    summary: string;
    severity: (typeof PD_SEVERITY)[keyof typeof PD_SEVERITY];
    source: string;
    timestamp: string;
    component?: string;
    custom_details?: Record<string, string>;
  };
  client: string;
  client_url: string;
  links?: { href: string; text: string }[];
};

/**
 * trigger (and test) open or update the PagerDuty alert of dedup_key; acknowledge and resolve carry only the
 * key (PagerDuty ignores a payload there). A test is a trigger (its title says it is a test).
 */
export function pagerDutyEvent(message: AlertMessage, routingKey: string): PagerDutyEvent {
  const base = {
    routing_key: routingKey,
    dedup_key: message.dedupKey,
    client: "Fleetwatch",
    client_url: message.url,
  };
  if (message.event === "acknowledge" || message.event === "resolve")
    return { ...base, event_action: message.event };
  const details: Record<string, string> = {};
  for (const f of message.fields) details[f.label] = f.value;
  if (message.text) details.text = message.text;
  const links = [
    { href: message.url, text: "Open in Fleetwatch" },
    ...(message.ackUrl ? [{ href: message.ackUrl, text: "Acknowledge in Fleetwatch" }] : []),
    ...(message.resolveUrl ? [{ href: message.resolveUrl, text: "Resolve in Fleetwatch" }] : []),
  ];
  return {
    ...base,
    event_action: "trigger",
    payload: {
      // PagerDuty cuts summaries at 1024 characters
      summary: message.title.slice(0, 1024),
      severity: PD_SEVERITY[message.severity],
      source: `fleetwatch/${message.project.slug}`,
      timestamp: message.occurredAt,
      component: message.project.name,
      custom_details: details,
    },
    links,
  };
}

const EVENT_WORD: Record<AlertMessage["event"], string> = {
  trigger: "Firing",
  acknowledge: "Acknowledged",
  resolve: "Resolved",
  test: "Test",
};

export type AlertEmail = { subject: string; text: string; html: string; headers: Record<string, string> };

export function alertEmail(message: AlertMessage): AlertEmail {
  const subject = `[${message.severity.toUpperCase()}] ${message.title}`;
  const links = [
    ["Open in Fleetwatch", message.url],
    ...(message.ackUrl ? [["Acknowledge", message.ackUrl]] : []),
    ...(message.resolveUrl ? [["Resolve", message.resolveUrl]] : []),
  ] as [string, string][];
  const text = [
    `${EVENT_WORD[message.event]}: ${message.title}`,
    `Project: ${message.project.name} (${message.project.slug}) · Severity: ${message.severity} · ${message.occurredAt}`,
    "",
    message.text,
    ...(message.fields.length > 0 ? ["", ...message.fields.map((f) => `${f.label}: ${f.value}`)] : []),
    "",
    ...links.map(([label, url]) => `${label}: ${url}`),
  ].join("\n");
  const e = escapeHtml;
  const html = [
    `<p style="font:14px sans-serif;color:#555">${e(EVENT_WORD[message.event])} · ${e(message.severity.toUpperCase())} · ${e(message.project.name)}</p>`,
    `<h2 style="font:600 18px sans-serif">${e(message.title)}</h2>`,
    message.text ? `<p style="font:14px sans-serif;white-space:pre-wrap">${e(message.text)}</p>` : "",
    message.fields.length > 0
      ? `<table style="font:14px sans-serif">${message.fields.map((f) => `<tr><th align="left" style="padding-right:12px">${e(f.label)}</th><td>${e(f.value)}</td></tr>`).join("")}</table>`
      : "",
    `<p style="font:14px sans-serif">${links.map(([label, url]) => `<a href="${e(url)}">${e(label)}</a>`).join(" · ")}</p>`,
  ].join("\n");
  const headers: Record<string, string> = { "X-Fleetwatch-Event": message.event };
  if (message.incidentId) headers["X-Fleetwatch-Incident"] = message.incidentId;
  return { subject, text, html, headers };
}
