// The failure classes the engine knows, each named once: the words its errors use, the Kubernetes reasons
// and metric names that show it, the category it maps to, and whether one instance can break many services.
import type { Category } from '../report/schema.js';

export interface FailureClass {
  id: string;
  category: Category;
  /** Words and phrases of log lines and errors that show this class. */
  words: RegExp;
  /** How specific the words are: pool exhaustion outranks a generic timeout. */
  weight: number;
  /** One broken instance (a resolver, a certificate, a host) can fail many services at the same moment. */
  shared?: boolean;
  /** Kubernetes reasons that show it. */
  k8sReasons?: RegExp;
  /** Metric names whose rise (or fall, for free space) shows it. */
  metrics?: RegExp;
  /** Names components of this kind carry (database engines, managed services). */
  components?: RegExp;
}

export const FAILURE_CLASSES: readonly FailureClass[] = [
  {
    id: 'memory',
    category: 'memory_leak',
    words:
      /out of memory|oomkill|oom[- ]?killed|heap (?:limit|usage|out|space|exhaust)|allocation failed|java\.lang\.OutOfMemoryError|memory limit|cannot allocate memory|gc overhead/i,
    weight: 3,
    k8sReasons: /OOM/,
    metrics: /memory|heap|rss/i,
  },
  {
    id: 'certificate',
    category: 'certificate_expiry',
    words:
      /certificate (?:has )?expired|x509|cert(?:ificate)? (?:is )?(?:not yet valid|expir)|CERT_HAS_EXPIRED|ssl certificate|tls handshake|SSLHandshakeException|PKIX path|certificate verify failed|unknown certificate authority/i,
    weight: 4,
    shared: true,
  },
  {
    id: 'disk',
    category: 'disk_full',
    words: /no space left|disk (?:is )?full|ENOSPC|disk quota|filesystem (?:is )?full|out of disk|inodes/i,
    weight: 4,
    k8sReasons: /DiskPressure|disk/i,
    metrics: /disk|filesystem|inode|volume/i,
  },
  {
    id: 'pool',
    category: 'resource_exhaustion',
    words:
      /pool (?:is )?exhausted|exhausted pool|acquir\w* (?:a )?connection|could not acquire|too many (?:open files|connections|clients)|EMFILE|thread pool (?:is )?(?:exhausted|full)|max(?:imum)? connections|connection limit|no available connections|semaphore|worker pool/i,
    weight: 3,
    metrics: /pool|connections?_(?:active|used|open|in_use)|file_?descriptors|open_fds|threads/i,
  },
  {
    id: 'database',
    category: 'database',
    words:
      /deadlock|lock wait|lock timeout|statement timeout|canceling statement|query timeout|slow query|\b(?:delete|update|insert|select)\s+(?:from|into|\w+\s+set)\b|migration|relation \S+|transaction (?:rolled back|aborted)|too many rows|full table scan|seq scan|n\+1|replication lag/i,
    weight: 2,
    metrics: /lock|pg_|mysql_|db_|database|query/i,
    components:
      /postgres|pgsql|\bpg\b|mysql|mariadb|\bsql\b|_sql|sql_|database|\bdb\b|[-_]db\b|\bdb[-_]|rds\b|aurora|dynamodb|mongo|cassandra|cockroach|oracle|mssql|sqlserver|spanner|bigtable|clickhouse|elasticsearch|opensearch/i,
  },
  {
    id: 'dns',
    category: 'network',
    words:
      /no such host|NXDOMAIN|SERVFAIL|server misbehaving|getaddrinfo|EAI_AGAIN|ENOTFOUND|UnknownHostException|name resolution|NameResolutionError|failed to resolve|could not resolve|lookup \S+ on \S+|\bdns\b/i,
    weight: 2,
    shared: true,
  },
  {
    id: 'network',
    category: 'network',
    words:
      /network (?:is )?unreachable|EHOSTUNREACH|no route to host|connection reset|ECONNRESET|partition|packet loss|i\/o timeout|broken pipe/i,
    weight: 2,
    shared: true,
    k8sReasons: /NodeNotReady|NodeLost|network|dns/i,
  },
  {
    id: 'refused',
    category: 'dependency_failure',
    words: /connection refused|ECONNREFUSED|connect: connection refused|Connection refused/i,
    weight: 1.5,
    shared: true,
  },
  {
    id: 'config',
    category: 'bad_config',
    words:
      /invalid (?:config|configuration|setting|value|url|host|port|option|flag)|unknown (?:config|key|option|property|flag|field)|missing (?:required )?(?:config|setting|env|environment|key|property|variable)|config(?:uration)? (?:error|invalid|parse)|failed to (?:parse|load) config|permission denied|unauthori[sz]ed|forbidden|\b401\b|\b403\b|feature flag|misconfigur|not configured|malformed/i,
    weight: 2,
    k8sReasons: /ImagePull|ErrImage|InvalidImage|CreateContainerConfig|Unhealthy|probe/i,
  },
  {
    id: 'capacity',
    category: 'capacity',
    words:
      /rate limit|throttl|too many requests|\b429\b|queue (?:is )?full|backpressure|overload|capacity|shed(?:ding)? load|autoscal/i,
    weight: 1.5,
    k8sReasons: /FailedScheduling|Insufficient|quota|FailedCreate|Pending/i,
    metrics: /(?:^|_)lag(?:_|$)|backlog|queue|pending|behind|_age/i,
  },
  {
    id: 'dependency',
    category: 'dependency_failure',
    words: /unavailable|bad gateway|\b502\b|\b503\b|gateway timeout|\b504\b|upstream|circuit (?:breaker )?open/i,
    weight: 1,
  },
  {
    id: 'code',
    category: 'code_bug',
    words:
      /exception|nullpointer|null pointer|undefined is not|cannot read propert|typeerror|referenceerror|panic|segfault|stack ?trace|traceback|assert|index out of (?:range|bounds)|keyerror|attributeerror|unhandled|unexpected (?:token|field|type|value|end)|deserializ|serializ|parse error|invalid (?:json|format)|schema/i,
    weight: 1.5,
  },
];

/** The order in which what a cluster shows decides its class: an OOM kill says more than a pending pod. */
const CLUSTER_ORDER = ['memory', 'config', 'disk', 'capacity', 'network'];

/** The class a Kubernetes reason (with its detail) shows, or null when it names none of them. */
export function classOfClusterReason(text: string): FailureClass | null {
  for (const id of CLUSTER_ORDER) {
    const c = FAILURE_CLASSES.find((x) => x.id === id)!;
    if (c.k8sReasons?.test(text)) return c;
  }
  return null;
}

/** The class a metric name shows when it climbs (memory, disk, pools, backlogs), or null. */
export function classOfMetric(
  name: string,
  ids: readonly string[] = ['memory', 'disk', 'pool', 'capacity'],
): FailureClass | null {
  return FAILURE_CLASSES.find((c) => ids.includes(c.id) && c.metrics?.test(name)) ?? null;
}

export function hasClass(text: string, id: string): boolean {
  return !!FAILURE_CLASSES.find((c) => c.id === id)?.words.test(text);
}

/** Words that make even an INFO line a failure (access logs with 5xx, "timed out"), beyond every class's own. */
const GENERIC_FAILURE =
  /\b5\d\d\b|timed? ?out|timeout|fail|refused|unavailable|exception|denied|reject|slow|exceed|exhaust|unable|cannot|could not|oom|kill|crash|panic|abort|lost|expired/i;

export function soundsLikeFailure(text: string): boolean {
  return GENERIC_FAILURE.test(text);
}

/** Request-rate metric names (load, not saturation: pools and connection gauges rise with saturation). */
export const TRAFFIC_METRIC = /requests?_(?:per_second|total|rate)|\brps\b|qps|throughput|traffic/i;

/** The classes a text shows, most specific first. */
export function classesOf(text: string): FailureClass[] {
  return FAILURE_CLASSES.filter((c) => c.words.test(text)).sort((a, b) => b.weight - a.weight);
}

/** How a report names each category. */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  resource_exhaustion: 'Resource exhaustion',
  memory_leak: 'Memory leak',
  bad_config: 'Bad configuration',
  code_bug: 'Code defect',
  database: 'Database contention',
  dependency_failure: 'Dependency failure',
  certificate_expiry: 'Expired certificate',
  disk_full: 'Disk full',
  capacity: 'Capacity exceeded',
  network: 'Network failure',
  no_fault: 'No active fault',
};

/** A component (not a change) is described by what it shows: a database degrades, memory grows. */
export const COMPONENT_LABELS: Readonly<Record<Category, string>> = {
  ...CATEGORY_LABELS,
  database: 'Database degradation',
  memory_leak: 'Memory growth',
};

/** Kubernetes reasons by what they tell the engine (the class each shows is in FAILURE_CLASSES.k8sReasons). */
export const CLUSTER_REASONS = {
  /** Reasons worth a line of evidence, on a container or an event. */
  notable:
    /^(OOMKilled|OOMKilling|CrashLoopBackOff|BackOff|Unhealthy|Evicted|FailedScheduling|Error|ImagePullBackOff|ErrImagePull|CreateContainerConfigError|FailedMount|NodeNotReady|Killing)$/,
  /** A container waiting for one of these cannot run now. */
  stuck:
    /CrashLoopBackOff|ImagePullBackOff|ErrImagePull|InvalidImageName|CreateContainer(?:Config)?Error|RunContainerError/,
  /** Warning events that describe the present when recent (scheduling, nodes, probes, volumes). */
  recentWarning: /FailedScheduling|FailedCreate|NodeNotReady|Unhealthy|Evicted|FailedMount|FailedAttachVolume/,
  /** Reasons that put the fault in the pod's own service. */
  serviceFault: /OOM|CrashLoop|BackOff|Evicted|Unhealthy/,
} as const;
