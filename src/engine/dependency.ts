// Names of things outside our services that the errors blame: hosts, upstreams, certificates.

export interface DependencySignal {
  name: string;
  kind: 'certificate' | 'dns' | 'connection' | 'upstream' | 'timeout';
  /** How many symptom entries name it. */
  weight: number;
}

const PATTERNS: Array<{ kind: DependencySignal['kind']; re: RegExp }> = [
  {
    kind: 'certificate',
    re: /(?:certificate|cert|x509|tls|ssl)[^\n]*?(?:for|host|server|name|cn=|subject)[\s:=]*["'<]?([a-z0-9][a-z0-9.-]*\.[a-z]{2,})/i,
  },
  {
    kind: 'certificate',
    re: /([a-z0-9][a-z0-9.-]*\.[a-z]{2,})(?::\d+)?[^\n]*?(?:certificate|x509|tls handshake|ssl)/i,
  },
  { kind: 'dns', re: /(?:lookup|resolve|resolving|getaddrinfo\s+\w+)\s+([a-z0-9][a-z0-9.-]*[a-z0-9])/i },
  {
    kind: 'connection',
    re: /(?:dial tcp|connect(?:ing)? to|connection to|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ETIMEDOUT)\s+([a-z0-9][a-z0-9.-]*[a-z0-9])(?::\d+)?/i,
  },
  { kind: 'connection', re: /https?:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9])/i },
  {
    kind: 'upstream',
    re: /(?:upstream|dependency|provider|gateway|backend)\s+["']?([a-z0-9][a-z0-9._-]*[a-z0-9])["']?\s+(?:is\s+)?(?:unavailable|down|unreachable|returned|failed|timed out|error|refused)/i,
  },
  {
    kind: 'upstream',
    re: /\b([a-z0-9][a-z0-9._-]*[a-z0-9])\s+(?:is\s+)?(?:unavailable|unreachable|is down|returned 5\d\d|returned \d{3}|call failed|request failed)/i,
  },
];

const GENERIC = new Set([
  'service',
  'server',
  'upstream',
  'request',
  'call',
  'connection',
  'host',
  'the',
  'api',
  'backend',
  'localhost',
  'null',
  'undefined',
]);
const IP_RE = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The dependency a message blames, if any (IP addresses are kept only when nothing better is named). */
export function dependencyInMessage(message: string): { name: string; kind: DependencySignal['kind'] } | null {
  let fallback: { name: string; kind: DependencySignal['kind'] } | null = null;
  for (const { kind, re } of PATTERNS) {
    const m = re.exec(message);
    if (!m) continue;
    const name = m[1].toLowerCase().replace(/[.:]+$/, '');
    if (GENERIC.has(name) || name.length < 3) continue;
    if (IP_RE.test(name)) {
      fallback ??= { name, kind };
      continue;
    }
    return { name, kind };
  }
  return fallback;
}
