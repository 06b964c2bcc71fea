// The category of the fault, from the words of the errors, the shapes of the metrics, Kubernetes reasons and the diff.
import type { Category } from '../report/schema.js';

interface Rule {
  category: Category;
  re: RegExp;
  /** How specific the phrase is: pool exhaustion outranks a generic timeout. */
  weight: number;
}

const RULES: Rule[] = [
  { category: 'memory_leak', re: /out of memory|oomkill|oom[- ]?killed|heap (?:limit|usage|out|space|exhaust)|allocation failed|java\.lang\.OutOfMemoryError|memory limit|cannot allocate memory|gc overhead/i, weight: 3 },
  { category: 'certificate_expiry', re: /certificate (?:has )?expired|x509|cert(?:ificate)? (?:is )?(?:not yet valid|expir)|CERT_HAS_EXPIRED|ssl certificate|tls handshake/i, weight: 4 },
  { category: 'disk_full', re: /no space left|disk (?:is )?full|ENOSPC|disk quota|filesystem (?:is )?full|out of disk|inodes/i, weight: 4 },
  { category: 'resource_exhaustion', re: /pool (?:is )?exhausted|exhausted pool|acquir\w* (?:a )?connection|could not acquire|too many (?:open files|connections|clients)|EMFILE|thread pool (?:is )?(?:exhausted|full)|max(?:imum)? connections|connection limit|no available connections|semaphore|worker pool/i, weight: 3 },
  { category: 'database', re: /deadlock|lock wait|lock timeout|statement timeout|canceling statement|query timeout|slow query|\b(?:delete|update|insert|select)\s+(?:from|into|\w+\s+set)\b|migration|relation \S+|transaction (?:rolled back|aborted)|too many rows|full table scan|seq scan|n\+1|replication lag/i, weight: 2 },
  { category: 'network', re: /no such host|dns|getaddrinfo|EAI_AGAIN|ENOTFOUND|network (?:is )?unreachable|EHOSTUNREACH|connection reset|ECONNRESET|partition|packet loss|i\/o timeout|broken pipe/i, weight: 2 },
  { category: 'bad_config', re: /invalid (?:config|configuration|setting|value|url|host|port|option|flag)|unknown (?:config|key|option|property|flag|field)|missing (?:required )?(?:config|setting|env|environment|key|property|variable)|config(?:uration)? (?:error|invalid|parse)|failed to (?:parse|load) config|permission denied|unauthori[sz]ed|forbidden|401|403|feature flag|misconfigur|not configured|malformed/i, weight: 2 },
  { category: 'capacity', re: /rate limit|throttl|too many requests|\b429\b|queue (?:is )?full|backpressure|overload|capacity|shed(?:ding)? load|autoscal/i, weight: 1.5 },
  { category: 'dependency_failure', re: /unavailable|ECONNREFUSED|connection refused|bad gateway|\b502\b|\b503\b|gateway timeout|\b504\b|upstream|circuit (?:breaker )?open/i, weight: 1 },
  { category: 'code_bug', re: /exception|nullpointer|null pointer|undefined is not|cannot read propert|typeerror|referenceerror|panic|segfault|stack ?trace|traceback|assert|index out of (?:range|bounds)|keyerror|attributeerror|unhandled|unexpected (?:token|field|type|value|end)|deserializ|serializ|parse error|invalid (?:json|format)|schema/i, weight: 1.5 },
];

/** Category scores from weighted texts (symptom templates with their counts, diff lines, k8s reasons). */
export function scoreCategories(texts: Array<{ text: string; weight: number }>): Map<Category, number> {
  const scores = new Map<Category, number>();
  for (const { text, weight } of texts) {
    for (const rule of RULES) {
      if (rule.re.test(text)) scores.set(rule.category, (scores.get(rule.category) ?? 0) + rule.weight * weight);
    }
  }
  return scores;
}

export function topCategory(scores: Map<Category, number>): { category: Category; share: number } | null {
  let best: Category | null = null;
  let total = 0;
  for (const [c, s] of scores) {
    total += s;
    if (best === null || s > (scores.get(best) ?? 0)) best = c;
  }
  return best ? { category: best, share: total ? (scores.get(best) ?? 0) / total : 0 } : null;
}

const CONFIG_FILE = /\.(ya?ml|json|toml|ini|env|properties|conf|cfg|tf|tfvars|hcl)$|(?:^|\/)(?:config|configs|settings|helm|charts|k8s|deploy|values)[/.]|dockerfile|\.env/i;
const DOCS_OR_TESTS = /(?:^|\/)(?:docs?|tests?|__tests__|spec|e2e|fixtures?)\/|\.(?:md|rst|txt|adoc)$|(?:_test|\.test|\.spec|_spec)\.[a-z]+$|(?:^|\/)(?:readme|changelog|license|contributing)/i;

export function isConfigPath(path: string): boolean {
  return CONFIG_FILE.test(path);
}

export function isDocsOrTestPath(path: string): boolean {
  return DOCS_OR_TESTS.test(path);
}
