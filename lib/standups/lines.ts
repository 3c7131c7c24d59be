// Building blocks of standup lines: linked segments, job and issue links, and the figures' wording. Pure.
import type { JobArtifact } from "@/db/schema";
import { formatCost, formatNumber } from "@/lib/format";
import { zonedParts } from "@/lib/time/zone";
import type { LineTag, Segment, StandupLine } from "./schemas";
import type { IssueRef, JobRef, Spend } from "./types";

export type Part = string | Segment;

export function line(parts: Part[], tags: LineTag[] = []): StandupLine {
  // One pass (a fleet standup builds thousands of lines): empty parts dropped, adjacent plain segments merged,
  // so the structure stays small.
  const segments: Segment[] = [];
  let text = "";
  let plain: Segment | null = null; // the plain segment being merged into, pushed once a link or the end comes
  for (const p of parts) {
    const s = typeof p === "string" ? { text: p } : p;
    if (s.text.length === 0) continue;
    text += s.text;
    if (s.href) {
      if (plain) segments.push(plain);
      plain = null;
      segments.push(s);
    } else plain = plain ? { text: plain.text + s.text } : s;
  }
  if (plain) segments.push(plain);
  return { text, segments, tags };
}

// Text clip would change: whitespace other than single spaces inside, or at either end.
const NEEDS_FLATTENING = /[^\S ]| {2}|^ | $/;

/** Untrusted text from runners on one line, cut to `max` characters. */
export function clip(text: string, max = 90): string {
  const flat = NEEDS_FLATTENING.test(text) ? text.replace(/\s+/g, " ").trim() : text;
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export const jobPath = (id: string) => `/jobs/${id}`;
export const issuePath = (id: string) => `/failures/${id}`;

export function jobsPath(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `/jobs?${s}` : "/jobs";
}

export const jobLink = (j: Pick<JobRef, "id" | "externalId" | "title">, max = 80): Segment => ({
  text: clip(j.title || j.externalId, max),
  href: jobPath(j.id),
});

export const issueLink = (i: Pick<IssueRef, "id" | "title">): Segment => ({
  text: clip(i.title || "Untitled issue", 90),
  href: issuePath(i.id),
});

const pad = (n: number) => String(n).padStart(2, "0");
const SHORT_DATE = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/** Local time of an instant ("14:32"), with the date when it is not on `day` ("Jan 12 14:32"). */
export function when(iso: string, day: string, timeZone: string): string {
  // One pass through Intl for both the local day and time (a fleet standup formats thousands of instants).
  const p = zonedParts(new Date(iso), timeZone);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  const d = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  if (d === day) return time;
  return `${SHORT_DATE.format(new Date(`${d}T12:00:00Z`))} ${time}`;
}

const SAFE_URL = /^https?:\/\/[^\s]+$/i;

/** A PR's or issue's number from its URL (GitHub /pull/N, GitLab /merge_requests/N) or a "repo#N" title. */
const numberIn = (text: string, path: RegExp) => path.exec(text)?.[1] ?? /#(\d+)\s*$/.exec(text)?.[1];
const PR_PATH = /\/(?:pulls?|merge_requests)\/(\d+)/;
const ISSUE_PATH = /\/issues\/(\d+)/;
const SHA = /(?:^|\/)([0-9a-f]{7,40})\/?$/i;

/**
 * An artifact in a word or two ("PR #5125", "commit 4a56764", "report.md", "github.com"), never its title:
 * runners often title a PR and its commit after the job, and the Done line already shows the job's title.
 */
export function artifactLabel(a: JobArtifact): string {
  const url = a.url ?? "";
  const title = a.title ?? "";
  if (a.kind === "pr") {
    const n = numberIn(url, PR_PATH) ?? numberIn(title, PR_PATH);
    return n ? `PR #${n}` : "PR";
  }
  if (a.kind === "commit") {
    const sha = SHA.exec(url.split(/[?#]/)[0] ?? "")?.[1] ?? SHA.exec(title.trim())?.[1];
    return sha ? `commit ${sha.slice(0, 7).toLowerCase()}` : "commit";
  }
  if (a.kind === "file") {
    const name = (url || title).split(/[?#]/)[0]?.split("/").filter(Boolean).pop();
    return clip(name || "file", 40);
  }
  const pr = PR_PATH.exec(url)?.[1];
  if (pr) return `PR #${pr}`;
  const issue = ISSUE_PATH.exec(url)?.[1];
  if (issue) return `issue #${issue}`;
  try {
    return new URL(url).host || "link";
  } catch {
    return "link";
  }
}

/** An artifact as a segment: linked when its URL is http(s), else plain text. */
export function artifactSegment(a: JobArtifact): Segment {
  const text = artifactLabel(a);
  return a.url && SAFE_URL.test(a.url) ? { text, href: a.url, external: true } : { text };
}

/** Artifacts shown on a Done line; the rest are counted. */
export const ARTIFACTS_SHOWN = 4;

/** A job's artifacts, compact and de-duplicated: "PR #5125 · commit 4a56764 · 2 more". */
export function artifactParts(artifacts: JobArtifact[]): Part[] {
  return pushArtifactParts([], artifacts);
}

/**
 * artifactParts appended to `out` (a fleet standup has thousands of Done lines: no intermediate arrays). The
 * first ARTIFACTS_SHOWN distinct artifacts (same label and link) are shown, the other distinct ones counted.
 */
export function pushArtifactParts(out: Part[], artifacts: JobArtifact[]): Part[] {
  const seen = artifacts.length > 1 ? new Set<string>() : null;
  let shown = 0;
  let rest = 0;
  for (const a of artifacts) {
    const s = artifactSegment(a);
    if (seen) {
      const key = `${s.text}|${s.href ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (shown === ARTIFACTS_SHOWN) rest++;
    else {
      if (shown > 0) out.push(" · ");
      out.push(s);
      shown++;
    }
  }
  if (rest > 0) out.push(` · ${rest} more`);
  return out;
}

/** Parts joined with a separator. */
export function joined(items: Part[][], sep = ", "): Part[] {
  return items.flatMap((item, i) => (i === 0 ? item : [sep, ...item]));
}

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;

export function formatTokens(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

export const totalTokens = (s: Spend) =>
  s.inputTokens + s.outputTokens + s.cacheReadTokens + s.cacheWriteTokens;

/** "35% above the 7-day average ($3.10 a day)", or null without a week of usage to compare with. */
export function versusAverage(s: Spend): string | null {
  if (s.prior.usageEvents === 0) return null;
  const byCost = s.prior.costUsd > 0;
  const avg = (byCost ? s.prior.costUsd : s.prior.tokens) / 7;
  if (avg <= 0) return null;
  const now = byCost ? s.costUsd : totalTokens(s);
  const pct = Math.round(((now - avg) / avg) * 100);
  const avgText = byCost ? `${formatCost(avg)} a day` : `${formatTokens(Math.round(avg))} tokens a day`;
  if (Math.abs(pct) < 10) return `in line with the 7-day average (${avgText})`;
  return `${Math.abs(pct)}% ${pct > 0 ? "above" : "below"} the 7-day average (${avgText})`;
}
