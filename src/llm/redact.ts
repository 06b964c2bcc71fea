// Redaction of text bound for a remote model: secrets and personal data never leave the machine.

export interface Redaction {
  text: string;
  /** How many items were replaced, by kind. */
  counts: Record<string, number>;
}

interface Rule {
  kind: string;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const HEX = '[0-9a-fA-F]{1,4}';
// IPv6: full 8 groups, or a '::' compression with at least one group around it; bounded so times (14:45:00) never match.
const IPV6 = new RegExp(
  `(?<![0-9A-Za-z:])(?:(?:${HEX}:){7}${HEX}|(?:${HEX}:){1,7}:(?:${HEX}(?::${HEX}){0,6})?|::(?:${HEX}:){0,6}${HEX})(?![0-9A-Za-z:])`,
  'g',
);

/** Order matters: whole tokens (URLs with passwords, JWTs) before their parts (e-mails, keys). */
const RULES: Rule[] = [
  { kind: 'url-password', pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@"']+):([^\s@/"']+)@/gi, replace: (_m, scheme: string, user: string) => `${scheme}${user}:[REDACTED]@` },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, replace: () => '[REDACTED_JWT]' },
  { kind: 'bearer', pattern: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g, replace: (_m, scheme: string) => `${scheme} [REDACTED]` },
  { kind: 'api-key', pattern: /\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,})/g, replace: () => '[REDACTED_KEY]' },
  {
    kind: 'secret',
    // key=VALUE / "token": "VALUE" where VALUE looks like a secret (hex/base64-ish, 8+ chars).
    pattern: /\b((?:api[_-]?key|apikey|access[_-]?key|secret(?:[_-]?key)?|token|auth[_-]?token|access[_-]?token|password|passwd|pwd|client[_-]?secret)["']?\s*[=:]\s*["']?)([A-Za-z0-9+/_.~-]{8,}={0,2})/gi,
    replace: (_m, prefix: string) => `${prefix}[REDACTED]`,
  },
  { kind: 'email', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, replace: () => '[REDACTED_EMAIL]' },
  { kind: 'ipv4', pattern: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g, replace: () => '[REDACTED_IP]' },
  { kind: 'ipv6', pattern: IPV6, replace: () => '[REDACTED_IP]' },
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
      if ((rule.kind === 'ipv4' || rule.kind === 'ipv6') && keepIp(match)) return match;
      counts[rule.kind] = (counts[rule.kind] ?? 0) + 1;
      return rule.replace(match, ...(rest.filter((r) => typeof r === 'string') as string[]));
    });
  }
  return { text: out, counts };
}

/** Redacts every string inside a JSON value (a request body), leaving its structure intact. */
export function redactJson(value: unknown, counts: Record<string, number> = {}): { value: unknown; counts: Record<string, number> } {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const r = redactText(v);
      for (const [k, n] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + n;
      return r.text;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
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
