// Redaction of text bound for a remote model: secrets and personal data never leave the machine.
// Every quantifier is bounded, so a hostile log line costs linear time here too.

export interface Redaction {
  text: string;
  /** How many items were replaced, by kind. */
  counts: Record<string, number>;
}

interface Rule {
  kind: string;
  pattern: RegExp;
  /** The replacement, or null to keep the match as it is. */
  replace: (match: string, groups: string[], offset: number, whole: string) => string | null;
}

const HEX = '[0-9a-fA-F]{1,4}';
// IPv6: full 8 groups, or a '::' compression with at least one group around it; bounded so times (14:45:00) never
// match.
const IPV6 = new RegExp(
  `(?<![0-9A-Za-z:])(?:(?:${HEX}:){7}${HEX}|(?:${HEX}:){1,7}:(?:${HEX}(?::${HEX}){0,6})?|::(?:${HEX}:){0,6}${HEX})(?![0-9A-Za-z:])`,
  'g',
);

/** Provider token formats, recognisable wherever they appear. */
const TOKEN_FORMATS = [
  'sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,200}', // OpenAI, Anthropic
  '(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,200}', // Stripe secret and restricted keys
  'whsec_[A-Za-z0-9]{16,200}', // Stripe webhook secrets
  '(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[0-9A-Z]{16}', // AWS key ids, ASIA = temporary
  'gh[pousr]_[A-Za-z0-9]{20,200}', // GitHub
  'github_pat_[A-Za-z0-9_]{20,200}',
  'glpat-[A-Za-z0-9_-]{20,200}', // GitLab
  'xox[abposre]-[A-Za-z0-9-]{10,200}', // Slack
  'xapp-[A-Za-z0-9-]{10,200}',
  'npm_[A-Za-z0-9]{36}', // npm
  'AIza[0-9A-Za-z_-]{35}', // Google API keys
  'SG\\.[A-Za-z0-9_-]{16,64}\\.[A-Za-z0-9_-]{16,64}', // SendGrid
  'hf_[A-Za-z0-9]{30,64}', // Hugging Face
];

/**
 * Whether a key names a secret: its words (split on _ . - and camelCase), joined, contain one of these;
 * `pwd`, `sig`, `dsn` and `sas` only as whole words (`PWD=/home/app` is a directory: see keepValue).
 */
const SECRET_IN_KEY =
  /password|passwd|passphrase|secret|token|apikey|accesskey|accountkey|privatekey|signingkey|encryptionkey|sharedaccess|credential|authorization|cookie|sessionid|sessionkey|connectionstring|connstr/;
const SECRET_WORDS = new Set(['pwd', 'sig', 'dsn', 'sas']);
/** Keys about a secret rather than holding one: token_count, max_tokens, secret_name, password_reset_url... */
const ABOUT_A_SECRET = new Set([
  'count',
  'counts',
  'limit',
  'max',
  'min',
  'num',
  'total',
  'len',
  'length',
  'size',
  'ttl',
  'type',
  'id',
  'ids',
  'url',
  'uri',
  'file',
  'path',
  'name',
  'names',
  'expiry',
  'expires',
  'expired',
  'expiration',
  'endpoint',
  'usage',
  'used',
  'rotation',
  'rotated',
  'hint',
  'tokens',
  'reset',
  'policy',
  'strength',
  'changed',
  'updated',
  'at',
  'ref',
  'version',
  'method',
  'mode',
  'header',
  'field',
  'format',
  'env',
  'var',
]);

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSecretKey(key: string): boolean {
  const words = keyWords(key);
  if (!words.length) return false;
  const joined = words.join('');
  if (ABOUT_A_SECRET.has(words[words.length - 1]) && !joined.endsWith('sessionid')) return false;
  return SECRET_IN_KEY.test(joined) || words.some((w) => SECRET_WORDS.has(w));
}

/** Unquoted values that state something about a secret rather than being one ("token: expired"). */
const STATUS_WORDS = new Set([
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  'yes',
  'no',
  'ok',
  'set',
  'unset',
  'empty',
  'missing',
  'required',
  'invalid',
  'expired',
  'revoked',
  'rotated',
  'present',
  'absent',
  'valid',
  'wrong',
  'incorrect',
  'mismatch',
  'redacted',
  'hidden',
  'masked',
  'changed',
  'reset',
  'not',
]);

function keepValue(key: string, value: string, quoted: boolean): boolean {
  if (value === '' || value.startsWith('[REDACTED') || /^\*+$/.test(value) || /^\$\{?[A-Z_][A-Z0-9_]*\}?$/.test(value))
    return true;
  if (!quoted && STATUS_WORDS.has(value.toLowerCase())) return true;
  if (/^pwd$/i.test(key) && /^[/~]/.test(value)) return true; // the shell's working directory, not a password
  return false;
}

/**
 * A key (optionally quoted), a separator, a value: quoted (spaces and all) or up to whitespace, `,` `;` `&` or a quote.
 */
const KEY_VALUE =
  /(?<![A-Za-z0-9_.])(\\?["']|)([A-Za-z_][A-Za-z0-9_.-]{0,63})\1([ \t]{0,8}(?:=>|:=|=|:)[ \t]{0,8})("(?:[^"\\\r\n]|\\.){0,4096}"|'[^'\r\n]{0,4096}'|\\"(?:[^"\\\r\n]|\\[^"]){0,4096}\\"|[^\s,;&"'<]{1,4096})/g;
/**
 * `key: value with spaces` or `KEY=value` alone on a line (YAML, env files, headers): the rest of the line is the
 * value.
 */
const LINE_VALUE =
  /^([ \t]{0,32}(?:- |export )?)(["']?)([A-Za-z][A-Za-z0-9_.-]{0,63})\2([ \t]{0,8}[:=][ \t]{0,8})(?!["'])([^\r\n]{1,4096}?)[ \t]*$/gm;

function redactKeyValue(groups: string[]): string | null {
  const [quote, key, sep, raw] = groups;
  if (!isSecretKey(key)) return null;
  const q = raw.startsWith('\\"') ? '\\"' : raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  const value = q ? raw.slice(q.length, raw.length - q.length) : raw;
  if (keepValue(key, value, q !== '')) return null;
  return `${quote}${key}${quote}${sep}${q}[REDACTED]${q}`;
}

/** Order matters: whole tokens (keys, URLs with passwords, JWTs) before their parts (e-mails, key=value). */
const RULES: Rule[] = [
  {
    kind: 'private-key',
    // PEM (PKCS#1/#8, EC, DSA, encrypted), OpenSSH and PGP private keys; newlines real or escaped (\n in JSON); a
    // cut-off one up to where its base64 ends.
    pattern:
      /-----BEGIN (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]{0,20000}?-----END (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s\\:,-]{0,20000})/g,
    replace: () => '[REDACTED_PRIVATE_KEY]',
  },
  {
    kind: 'private-key',
    pattern: /\bPrivate-Lines: \d{1,4}\s[A-Za-z0-9+/=\s]{1,20000}/g,
    replace: () => 'Private-Lines: [REDACTED_PRIVATE_KEY]\n',
  }, // PuTTY
  {
    kind: 'url-password',
    // The password may hold '@' (greedy up to the last '@' before the host); the user name stays.
    pattern: /\b([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:/@"']{0,256}):([^\s/"']{1,512})@/gi,
    replace: (_m, [scheme, user]) => `${scheme}${user}:[REDACTED]@`,
  },
  {
    kind: 'webhook',
    pattern:
      /\b(https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|discord(?:app)?\.com\/api\/webhooks|[a-z0-9-]{1,63}\.webhook\.office\.com\/webhookb2)\/)[A-Za-z0-9/_@.-]{8,512}/gi,
    replace: (_m, [prefix]) => `${prefix}[REDACTED]`,
  },
  {
    kind: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{5,4096}\.[A-Za-z0-9_-]{5,4096}\.[A-Za-z0-9_-]{5,4096}/g,
    replace: () => '[REDACTED_JWT]',
  },
  {
    kind: 'api-key',
    pattern: new RegExp(`(?<![A-Za-z0-9])(?:${TOKEN_FORMATS.join('|')})`, 'g'),
    replace: () => '[REDACTED_KEY]',
  },
  {
    kind: 'bearer',
    // Any case (a lowercase "bearer" too); a plain word after it is prose ("the bearer token", "Basic auth"), not a
    // credential.
    pattern: /\b(Bearer|Basic|Token|Digest|ApiKey)([ \t]{1,8})([A-Za-z0-9._~+/=-]{6,4096})/gi,
    replace: (_m, [scheme, space, token]) =>
      /^[a-z]+$|^[A-Z][a-z]+$/.test(token) || token.startsWith('[REDACTED') ? null : `${scheme}${space}[REDACTED]`,
  },
  {
    kind: 'secret',
    pattern: LINE_VALUE,
    // "token: expired, password: missing" is a status line, left to the key=value rule below.
    replace: (_m, [lead, quote, key, sep, value]) =>
      isSecretKey(key) && !keepValue(key, value.split(/[\s,;]/)[0], false)
        ? `${lead}${quote}${key}${quote}${sep}[REDACTED]`
        : null,
  },
  { kind: 'secret', pattern: KEY_VALUE, replace: (_m, groups) => redactKeyValue(groups) },
  {
    kind: 'secret',
    // Command-line flags with a space: --password hunter2, --token abc
    pattern:
      /(?<![A-Za-z0-9])(--?(?:password|passwd|token|api-key|apikey|secret|client-secret|access-key|secret-key))([ \t]{1,8})(?![-\s[])([^\s"']{1,1024})/gi,
    replace: (_m, [flag, space, value]) => (value.startsWith('[REDACTED') ? null : `${flag}${space}[REDACTED]`),
  },
  {
    kind: 'secret',
    // .netrc: machine host login user password secret
    pattern: /\b(login[ \t]{1,8}\S{1,256}[ \t]{1,8}password[ \t]{1,8})(?!\[REDACTED)\S{1,1024}/g,
    replace: (_m, [prefix]) => `${prefix}[REDACTED]`,
  },
  {
    kind: 'email',
    pattern: /\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
    replace: () => '[REDACTED_EMAIL]',
  },
  {
    kind: 'ipv4',
    pattern: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g,
    replace: (m) => (keepIp(m) ? null : '[REDACTED_IP]'),
  },
  { kind: 'ipv6', pattern: IPV6, replace: (m) => (keepIp(m) ? null : '[REDACTED_IP]') },
];

/** Loopback addresses stay (they say nothing about anyone), so do version-like dotted numbers with a suffix. */
function keepIp(match: string): boolean {
  return match.startsWith('127.') || match === '::1' || match === '0.0.0.0';
}

export function redactText(text: string): Redaction {
  const counts: Record<string, number> = {};
  let out = text;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, (match: string, ...rest: unknown[]) => {
      // replace() passes the groups, then the offset, the whole string (and named groups when there are any).
      const offsetAt = rest.findIndex((r) => typeof r === 'number');
      const groups = rest.slice(0, offsetAt).map((g) => (typeof g === 'string' ? g : ''));
      const replaced = rule.replace(match, groups, rest[offsetAt] as number, rest[offsetAt + 1] as string);
      if (replaced === null) return match;
      counts[rule.kind] = (counts[rule.kind] ?? 0) + 1;
      return replaced;
    });
  }
  return { text: out, counts };
}

/**
 * Redacts every string inside a JSON value (a request body), leaving its structure intact; a secret key's string value
 * goes whole.
 */
export function redactJson(
  value: unknown,
  counts: Record<string, number> = {},
): { value: unknown; counts: Record<string, number> } {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string') {
      if (key !== undefined && isSecretKey(key) && !keepValue(key, v, true)) {
        counts.secret = (counts.secret ?? 0) + 1;
        return '[REDACTED]';
      }
      const r = redactText(v);
      for (const [k, n] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + n;
      return r.text;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return { value: walk(value), counts };
}

/** True for localhost, 127.x and ::1: a model there never sends data off the machine. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}
