// Standup to Markdown, for the clipboard and webhooks. Pure. Text from runners (titles, agent names,
// messages) is escaped so it cannot add links or formatting; console links are absolute when a base URL
// (FLEETWATCH_URL) is given, relative otherwise.
import { formatDay } from "./days";
import type { AgentStandup, FleetStandup, LineTag, Segment, StandupLine } from "./schemas";

const TAG_TEXT: Record<LineTag, string> = {
  new: "new",
  regressed: "regressed",
  repeated: "repeated",
  stalled: "stalled",
  waiting: "waiting",
  queued: "",
};

// Text that escapeMarkdown would change: whitespace other than single spaces, a Markdown character, or a leading
// list or heading marker. Most titles and names have none and are returned as they are (a fleet standup escapes
// thousands).
const NEEDS_ESCAPE = /[^\S ]| {2}|[\\`*_[\]<>|~&]|^(?:[#+-]|\d+[.)])/;

/** Escapes Markdown syntax in untrusted text. */
export function escapeMarkdown(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/\s+/g, " ")
    .replace(/[\\`*_[\]<>|~&]/g, "\\$&")
    .replace(/^([#+-]|\d+[.)])/, "\\$1");
}

const LINK_UNSAFE = /[()\s<>]/;

function href(segment: Segment, base: string | null): string {
  const raw = segment.external || !base ? (segment.href ?? "") : `${base.replace(/\/+$/, "")}${segment.href}`;
  // parentheses and spaces would end or break a Markdown link destination
  if (!LINK_UNSAFE.test(raw)) return raw;
  return raw.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

export function lineToMarkdown(l: StandupLine, base: string | null): string {
  const body = l.segments
    .map((s) => (s.href ? `[${escapeMarkdown(s.text)}](${href(s, base)})` : escapeMarkdown(s.text)))
    .join("");
  const tags = l.tags.map((t) => TAG_TEXT[t]).filter(Boolean);
  return tags.length ? `${body} — **${tags.join(", ")}**` : body;
}

export function agentToMarkdown(a: AgentStandup, base: string | null, heading = "##"): string {
  const role = a.role ? ` (${escapeMarkdown(a.role)})` : "";
  const out = [`${heading} ${escapeMarkdown(a.agent)}${role} — ${escapeMarkdown(a.headline)}`];
  if (a.quiet) return out.join("\n");
  for (const section of a.sections) {
    out.push("", `**${section.title}**`);
    for (const l of section.lines) out.push(`- ${lineToMarkdown(l, base)}`);
  }
  return out.join("\n");
}

export function standupToMarkdown(
  s: FleetStandup,
  { baseUrl = null, test = false }: { baseUrl?: string | null; test?: boolean } = {},
): string {
  const who = s.agent === null ? escapeMarkdown(s.project.name) : escapeMarkdown(s.agent);
  const out = [
    `# ${test ? "[Test] " : ""}Standup: ${who}, ${formatDay(s.day)}`,
    "",
    `_Day in ${escapeMarkdown(s.project.timezone)} time, built by Fleetwatch from the jobs and issues of project ${escapeMarkdown(s.project.slug)}._`,
  ];
  if (s.agent === null) {
    out.push("");
    if (s.summary.length === 0) out.push("No job finished, failed or spent anything this day.");
    for (const l of s.summary) out.push(`- ${lineToMarkdown(l, baseUrl)}`);
  }
  for (const a of s.agents) out.push("", agentToMarkdown(a, baseUrl));
  if (s.more_agents > 0) out.push("", `_…and ${s.more_agents} more active agents (see the console)._`);
  if (s.quiet_count > 0) {
    const rest = s.quiet_count - s.quiet.length;
    const names = s.quiet.map(escapeMarkdown).join(", ");
    out.push("", `**Quiet:** ${names}${rest > 0 ? ` and ${rest} more` : ""} (nothing to report)`);
  }
  return `${out.join("\n")}\n`;
}
