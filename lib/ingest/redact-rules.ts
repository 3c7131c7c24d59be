// Secret-detection rules used by redact.ts before anything a runner sends is stored.
// Each rule names a kind; a match is replaced with `[REDACTED:<kind>]`. Rules run in order, so specific
// token formats (sk-ant-… before sk-…, a JWT before a generic bearer token) name the kind; later rules skip
// text that an earlier rule already replaced, which also makes redaction idempotent.
// Every pattern starts at a literal or behind a boundary look-behind and bounds its repeats, so a rule scans
// a 1 MB field in linear time.

export const REDACTION_KINDS = [
  "private_key",
  "anthropic_key",
  "openai_key",
  "github_token",
  "gitlab_token",
  "slack_token",
  "slack_webhook",
  "stripe_key",
  "google_api_key",
  "npm_token",
  "huggingface_token",
  "aws_access_key_id",
  "aws_secret_access_key",
  "aws_session_token",
  "jwt",
  "bearer_token",
  "basic_auth",
  "url_password",
  "query_secret",
  "secret_assignment",
] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

export function redactionMarker(kind: RedactionKind): string {
  return `[REDACTED:${kind}]`;
}
/** Matches a marker left by an earlier pass. */
export const MARKER_PATTERN = /\[REDACTED:[a-z0-9_]+\]/;

export type RedactionRule = {
  kind: RedactionKind;
  /**
   * Global regex. With a named group `secret`, only that group is replaced: the optional group `pre` must
   * immediately precede it at the start of the match, and whatever follows it in the match is kept.
   * Without `secret`, the whole match is replaced.
   */
  pattern: RegExp;
  /**
   * Cheap test that every match of `pattern` passes (a literal part of it): strings without it skip the rule.
   * Most text has no secret, so this saves running every pattern over every string.
   */
  hint: RegExp;
  /** Extra check on the secret part; false leaves the match as it is. */
  accept?: (secret: string) => boolean;
};

/** Template or shell references and masked values: not secrets themselves. */
export function isPlaceholder(value: string): boolean {
  return /^(?:\$\{[^}]*\}?|\$\([^)]*\)?|\$[A-Z_][A-Z0-9_]*|\{\{.*\}\}|<[^>]*>|\*+|x+|X+|%s)$/.test(value);
}

const NOT_SECRET_WORDS = new Set(["true", "false", "null", "none", "undefined", "redacted"]);

/** For values assigned to a secret-named variable or key: long enough, not a placeholder or a marker. */
export function looksLikeSecretValue(value: string): boolean {
  return (
    value.length >= 3 &&
    !MARKER_PATTERN.test(value) &&
    !isPlaceholder(value) &&
    !NOT_SECRET_WORDS.has(value.toLowerCase())
  );
}

const notMarkerOrPlaceholder = (v: string) => !MARKER_PATTERN.test(v) && !isPlaceholder(v);

/** A key (object field, quoted key in text) whose string value is a secret. Matched case-insensitively. */
const SECRET_NAME =
  "(?:passw(?:or)?d|secret|api[_-]?key|secret[_-]?access[_-]?key|secret[_-]?key|private[_-]?key|(?:access|refresh|auth|session|bearer)[_-]?token)";
/** Object fields whose string values are replaced entirely (`clientSecret`, `db_password`, `token`, …). */
export const SECRET_FIELD_PATTERN = new RegExp(
  `(?:${SECRET_NAME}|^token|^authorization|^credentials?)$`,
  "i",
);

// A line break inside a PEM block: real, or escaped inside a JSON string.
const NL = String.raw`(?:\r?\n|\\r\\n|\\n)`;
const PEM_LABEL = "((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)";
const B64_LINE = "[A-Za-z0-9+/=]{1,128}";

export const REDACTION_RULES: readonly RedactionRule[] = [
  // A whole PEM block: RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP, plain PKCS#8.
  {
    kind: "private_key",
    hint: /-----BEGIN /,
    pattern: new RegExp(
      String.raw`-----BEGIN ${PEM_LABEL}-----(?:[A-Za-z0-9+/=\s\\:,.]|-(?!----)){0,65536}-----END \1-----`,
      "g",
    ),
  },
  // A block cut short (e.g. where a tool output was truncated): the header and the base64 lines after it.
  {
    kind: "private_key",
    hint: /-----BEGIN /,
    pattern: new RegExp(
      String.raw`-----BEGIN ${PEM_LABEL}-----(?:${NL}(?:${B64_LINE}|[A-Za-z-]{1,32}: [^\r\n\\]{0,200}))*`,
      "g",
    ),
  },
  // The other half of a cut block: base64 lines from a line start through the END line.
  {
    kind: "private_key",
    hint: /-----END /,
    // Starts only at the first line of a run (the line before has another character), so it scans each run once.
    pattern: new RegExp(
      String.raw`(?<![^\n])(?<=^|\n\r?\n|[^A-Za-z0-9+/=\r\n][^\n]{0,1024}\n)(?:${B64_LINE}${NL}){1,512}-----END ${PEM_LABEL}-----`,
      "g",
    ),
  },
  // sk-ant-api03-…, sk-ant-admin01-…, sk-ant-oat01-…
  { kind: "anthropic_key", hint: /sk-ant-/, pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}/g },
  // sk-proj-…, sk-svcacct-…, sk-admin-…, legacy sk-<48 alphanumerics>
  {
    kind: "openai_key",
    hint: /sk-/,
    pattern: /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{32,})/g,
  },
  {
    kind: "github_token",
    hint: /gh[pousr]_|github_pat_/,
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g,
  },
  { kind: "gitlab_token", hint: /glpat-/, pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}/g },
  {
    kind: "slack_token",
    hint: /xox|xapp-/,
    pattern:
      /(?<![A-Za-z0-9_-])(?:xox[abposre](?:\.xox[abposr])?-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})/g,
  },
  // The URL is the credential: keep the host and the kind of hook, drop the path.
  {
    kind: "slack_webhook",
    hint: /hooks\.slack\.com/,
    pattern:
      /(?<pre>https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)(?<secret>[A-Za-z0-9]+\/[A-Za-z0-9_/-]+)/g,
  },
  {
    kind: "stripe_key",
    hint: /[sr]k_(?:live|test)_|whsec_/,
    pattern: /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=]{24,})/g,
  },
  {
    kind: "google_api_key",
    hint: /AIza/,
    pattern: /(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g,
  },
  { kind: "npm_token", hint: /npm_/, pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  { kind: "huggingface_token", hint: /hf_/, pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,}(?![A-Za-z0-9])/g },
  {
    kind: "aws_access_key_id",
    hint: /AKIA|ASIA|ABIA|ACCA|A3T/,
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  // Only in context: any 40-character base64 string (a git SHA, a hash) would otherwise match.
  // aws_secret_access_key = …, AWS_SECRET_ACCESS_KEY=…, "SecretAccessKey": "…", secretAccessKey: '…'
  {
    kind: "aws_secret_access_key",
    hint: /secret_?(?:access_?)?key/i,
    pattern:
      /(?<pre>(?<![A-Za-z0-9])(?:aws_?)?(?:secret_?access_?key|secret_?key)\\?["']?\s*[:=]\s*\\?["']?)(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
  },
  {
    kind: "aws_session_token",
    hint: /session_?token|security_?token/i,
    pattern:
      /(?<pre>(?<![A-Za-z0-9])(?:aws_?)?(?:session_?token|security_?token)\\?["']?\s*[:=]\s*\\?["']?)(?<secret>[A-Za-z0-9/+=]{100,})/gi,
  },
  {
    kind: "jwt",
    hint: /eyJ/,
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}/g,
  },
  // Authorization: Bearer <token> keeps the word; a token is at least 16 characters, with a digit or mixed case.
  {
    kind: "bearer_token",
    hint: /bearer/i,
    pattern: /(?<pre>(?<![A-Za-z0-9])bearer\s+)(?<secret>[A-Za-z0-9._~+/-]{16,}=*)/gi,
    accept: (s) => /\d/.test(s) || (/[a-z]/.test(s) && /[A-Z]/.test(s)),
  },
  // Authorization: Basic <base64 user:password>, and curl -u user:password.
  {
    kind: "basic_auth",
    hint: /basic/i,
    pattern: /(?<pre>authorization\\?["']?\s*[:=]\s*\\?["']?\s*basic\s+)(?<secret>[A-Za-z0-9+/]{6,}={0,2})/gi,
  },
  {
    kind: "basic_auth",
    hint: /-u|--user/,
    pattern: /(?<pre>(?<!\S)(?:-u|--user)(?:\s+|=)["']?[^\s:"'\\]{1,256}:)(?<secret>[^\s"'\\]{1,256})/g,
    accept: notMarkerOrPlaceholder,
  },
  // scheme://user:password@host keeps scheme, user and host. The password may contain '@' (last one wins).
  {
    kind: "url_password",
    hint: /:\/\//,
    pattern:
      /(?<pre>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/?#@"'\\<>]{0,256}:)(?<secret>[^\s/?#"'\\<>]{1,256})@(?=[A-Za-z0-9[])/g,
    accept: notMarkerOrPlaceholder,
  },
  {
    kind: "query_secret",
    hint: /[?&]/,
    pattern:
      /(?<pre>[?&](?:access_token|refresh_token|id_token|token|api[_-]?key|key|client_secret|secret|passw(?:or)?d|sig|signature|x-amz-security-token|x-amz-signature|x-goog-signature)=)(?<secret>[^\s&#"'\\<>]{1,4096})/gi,
    accept: notMarkerOrPlaceholder,
  },
  // Environment assignments: DB_PASSWORD=…, GITHUB_TOKEN="…", export API_KEY='…'.
  {
    kind: "secret_assignment",
    hint: /PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|CREDENTIALS/,
    pattern:
      /(?<pre>(?<![A-Za-z0-9_])(?=[A-Z])[A-Z0-9_]{0,64}?(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|SECRET_KEY|PRIVATE_KEY|CREDENTIALS)=["']?)(?<secret>(?<=")[^"\\\r\n]{1,1024}|(?<=')[^'\\\r\n]{1,1024}|(?<==)[^\s"'`\\;&|<>()]{1,1024})/g,
    accept: looksLikeSecretValue,
  },
  // Quoted values of secret-named keys in JSON, YAML, code: "password": "…", clientSecret = '…'.
  {
    kind: "secret_assignment",
    hint: new RegExp(SECRET_NAME, "i"),
    pattern: new RegExp(
      String.raw`(?<pre>(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{0,64}?${SECRET_NAME}\\?["']?\s*[:=]\s*\\?["'])(?<secret>[^"'\\\r\n]{1,1024})(?=\\?["'])`,
      "gi",
    ),
    accept: looksLikeSecretValue,
  },
];
