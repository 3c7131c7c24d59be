// An AlertMessage as a Slack incoming-webhook body (also accepted by Mattermost and other Slack-compatible
// receivers): Block Kit blocks for clients that show them, and a mrkdwn `text` for notifications and clients
// that do not. Every piece of user text goes through escapeSlack, so a title like "<!channel>" or "<http://x|y>"
// is shown as typed, never as a mention or a link.
import type { AlertMessage } from "./outbox";

/** Slack's three control characters, as its docs ask: & < > (in this order, & first). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** A mrkdwn link; the label is escaped, and | (which would end the URL part) cannot appear in a URL we made. */
function link(url: string, label: string): string {
  return `<${escapeSlack(url)}|${escapeSlack(label).replace(/\|/g, "¦")}>`;
}

const ICON: Record<AlertMessage["severity"], string> = {
  critical: ":red_circle:",
  error: ":large_orange_circle:",
  warning: ":large_yellow_circle:",
  info: ":large_blue_circle:",
};

const EVENT_PREFIX: Record<AlertMessage["event"], string> = {
  trigger: "",
  acknowledge: "Acknowledged: ",
  resolve: "Resolved: ",
  test: "",
};

export type SlackBlock = Record<string, unknown>;
export type SlackPayload = { text: string; blocks: SlackBlock[] };

export function slackPayload(message: AlertMessage): SlackPayload {
  const icon = message.event === "resolve" ? ":white_check_mark:" : ICON[message.severity];
  const heading = `${EVENT_PREFIX[message.event]}${message.title}`;
  const severity = message.severity.toUpperCase();
  const links = [
    link(message.url, "Open in Fleetwatch"),
    ...(message.ackUrl ? [link(message.ackUrl, "Acknowledge")] : []),
    ...(message.resolveUrl ? [link(message.resolveUrl, "Resolve")] : []),
  ];
  const text = [
    `${icon} *[${severity}] ${escapeSlack(heading)}*`,
    message.text ? escapeSlack(message.text) : null,
    ...message.fields.map((f) => `*${escapeSlack(f.label)}:* ${escapeSlack(f.value)}`),
    links.join(" · "),
  ]
    .filter(Boolean)
    .join("\n");

  const blocks: SlackBlock[] = [
    // header blocks take plain_text (no mrkdwn, nothing to escape), at most 150 characters
    { type: "header", text: { type: "plain_text", text: clip(`${heading}`, 150), emoji: true } },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `${icon} *${severity}* · ${escapeSlack(message.project.name)} (${escapeSlack(message.project.slug)}) · <!date^${Math.floor(Date.parse(message.occurredAt) / 1000)}^{date_short_pretty} {time}|${escapeSlack(message.occurredAt)}>`,
        },
      ],
    },
  ];
  if (message.text)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(escapeSlack(message.text), 3000) } });
  if (message.fields.length > 0)
    blocks.push({
      type: "section",
      // a section holds at most 10 fields
      fields: message.fields.slice(0, 10).map((f) => ({
        type: "mrkdwn",
        text: clip(`*${escapeSlack(f.label)}*\n${escapeSlack(f.value)}`, 2000),
      })),
    });
  blocks.push({
    type: "actions",
    elements: [
      {
        type: "button",
        text: { type: "plain_text", text: "Open in Fleetwatch" },
        url: message.url,
        action_id: "open",
      },
      ...(message.ackUrl
        ? [
            {
              type: "button",
              text: { type: "plain_text", text: "Acknowledge" },
              url: message.ackUrl,
              action_id: "ack",
              style: "primary",
            },
          ]
        : []),
      ...(message.resolveUrl
        ? [
            {
              type: "button",
              text: { type: "plain_text", text: "Resolve" },
              url: message.resolveUrl,
              action_id: "resolve",
            },
          ]
        : []),
    ],
  });
  return { text: clip(text, 3900), blocks };
}
