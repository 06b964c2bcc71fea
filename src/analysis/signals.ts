// What a metric series measures (latency, errors, throughput, saturation, up), which way is bad, and in what unit.
// Real exports differ: percent or ratio, milliseconds or seconds, cumulative counters or per-bucket counts.
import { isCumulativeCounter, ratePerSecond, type Point } from './series.js';

export type SignalKind = 'latency' | 'errors' | 'throughput' | 'saturation' | 'up';

export interface Signal {
  kind: SignalKind;
  /** The direction that means trouble: latency up, availability down, throughput either way. */
  bad: 'up' | 'down' | 'both';
  /** How representative the series is of its component's kind: 0 mean or median, higher for tails and maxima. */
  rank: number;
  /** Human words for the measured quantity, e.g. "error ratio", "p99 latency (s)". */
  label: string;
}

/** A series in the unit the engine compares: errors as a 0..1 ratio, latency in seconds, counters as rates. */
export interface MeasuredSeries {
  signal: Signal;
  /** ratio (0..1), seconds, per-second rate, or the series' own unit. */
  unit: 'ratio' | 'seconds' | 'rate' | 'raw';
  points: Point[];
}

// Metric-name vocabulary, most specific first: the first rule that matches decides the kind.
const RULES: Array<{ kind: SignalKind; bad: Signal['bad']; re: RegExp; label: string }> = [
  { kind: 'up', bad: 'down', re: /^up$|(?:^|_)up$/, label: 'up' },
  {
    kind: 'errors',
    bad: 'down',
    re: /availab|success_?(?:ratio|rate|percent|pct)|uptime_ratio|apdex|slo_?compliance/,
    label: 'availability',
  },
  { kind: 'saturation', bad: 'up', re: /throttl/, label: 'CPU throttling' },
  {
    kind: 'saturation',
    bad: 'up',
    re: /(?:^|_)lag(?:_|$)|backlog|queue_?(?:depth|size|length)|messages_?(?:ready|pending|behind)|pending|waiting|in_?flight|iterator_age|oldest_message_age|message_age/,
    label: 'backlog',
  },
  {
    kind: 'errors',
    bad: 'up',
    re: /error|fail|5xx|exception|fault|timeouts?(?:_total|_ratio|_rate)?$|rejected|dropped/,
    label: 'errors',
  },
  {
    kind: 'latency',
    bad: 'up',
    re: /latency|duration|response_?time|rtt|elapsed|(?<!cpu)(?<!cpu_usage)_seconds(?:_mean)?$|_ms$|_milliseconds(?:_mean)?$/,
    label: 'latency',
  },
  {
    kind: 'saturation',
    bad: 'up',
    re: /cpu|memory|heap|rss|gc_|pool|connections?_(?:active|used|open|in_use)|threads|file_?descriptors|open_fds|disk|filesystem|inode|utili[sz]ation|saturation|load(?:_|avg|$)/,
    label: 'saturation',
  },
  {
    kind: 'throughput',
    bad: 'both',
    re: /requests?|rps|qps|throughput|messages|events|records|consumed|processed|ops|calls|transactions|_total$|_count$/,
    label: 'throughput',
  },
];

/** Label values that mark a series of failed requests only (status="5xx"): its rise is errors, not load. */
export const ERROR_STATUS = /^(?:5\d\d|5xx|4\d\d|4xx|error|failure|server_error)$/i;

/** Series that describe edges or histogram internals, not one component's health. */
const NOT_COMPONENT_HEALTH =
  /^traces_service_graph_request_(?:failed_)?total$|^istio_requests_total$|^istio_tcp_|_bucket$|^ALERTS/;

const STAT_LABELS = ['stat', 'statistic', 'quantile', 'percentile', 'aggregation', 'agg'];

/** 0 for mean/median-like statistics, up to 5 for maxima: tails are noisier and move with any blip. */
function statRank(name: string, labels: Readonly<Record<string, string>>): number {
  const stat = (
    STAT_LABELS.map((k) => labels[k]).find(Boolean) ??
    /_(p\d{2,3}|avg|average|mean|max|maximum|median)$/.exec(name)?.[1] ??
    ''
  ).toLowerCase();
  if (!stat || /avg|average|mean|sum|count/.test(stat)) return 0;
  if (/p50|median|^0?\.5$/.test(stat)) return 1;
  if (/p9\d\.?\d*|^0?\.9\d*$/.test(stat)) return /99/.test(stat) ? 4 : /95/.test(stat) ? 3 : 2;
  if (/max/.test(stat)) return 5;
  return 2;
}

/** The signal a series carries, from its name (and statistic labels); null when the name says nothing we use. */
export function classifySignal(name: string, labels: Readonly<Record<string, string>> = {}): Signal | null {
  const n = name.toLowerCase();
  if (NOT_COMPONENT_HEALTH.test(n)) return null;
  for (const rule of RULES) {
    if (!rule.re.test(n)) continue;
    // Free space and available memory fall when things go wrong.
    const bad = rule.kind === 'saturation' && /free|available|remaining/.test(n) ? 'down' : rule.bad;
    const rank = statRank(n, labels);
    // A count of failed requests only (status="5xx", outcome="SERVER_ERROR") is errors, not load.
    if (rule.kind === 'throughput' && Object.values(labels).some((v) => ERROR_STATUS.test(v))) {
      return { kind: 'errors', bad: 'up', rank, label: 'failed requests' };
    }
    const stat = rank === 0 ? '' : `${(STAT_LABELS.map((k) => labels[k]).find(Boolean) ?? '').toLowerCase()} `;
    return { kind: rule.kind, bad, rank, label: `${stat}${rule.label}` };
  }
  return null;
}

/**
 * The series in comparable units: availability and success as an error ratio (0..1, bad up), percent as ratio,
 * milliseconds as seconds, cumulative counters as per-second rates. Per-bucket counts are kept as counts.
 */
export function measureSeries(
  name: string,
  labels: Readonly<Record<string, string>>,
  points: readonly Point[],
): MeasuredSeries | null {
  const signal = classifySignal(name, labels);
  if (!signal || !points.length) return null;
  const n = name.toLowerCase();
  const counter = isCumulativeCounter(n, points);
  let pts: Point[] = counter ? ratePerSecond(points) : points.map(([t, v]) => [t, v]);
  if (counter) return { signal, unit: 'rate', points: pts };
  const max = pts.reduce((m, p) => Math.max(m, Math.abs(p[1])), 0);
  const shareName = /ratio|share|availab|success|percent|pct|apdex|compliance/.test(n);
  const percent = /percent|pct/.test(n) || (signal.kind === 'errors' && shareName && max > 1.5 && max <= 100);
  if (percent) pts = pts.map(([t, v]) => [t, v / 100]);
  if (signal.kind === 'errors' && signal.bad === 'down') {
    // Availability 0.97 is an error ratio of 0.03: one direction, one unit, for every error signal.
    pts = pts.map(([t, v]) => [t, 1 - v]);
    return {
      signal: { ...signal, bad: 'up', label: signal.label.replace('availability', 'unavailability') },
      unit: 'ratio',
      points: pts,
    };
  }
  if (signal.kind === 'latency') {
    if (/_ms$|millis/.test(n)) pts = pts.map(([t, v]) => [t, v / 1000]);
    return { signal, unit: 'seconds', points: pts };
  }
  return { signal, unit: percent || (signal.kind === 'errors' && shareName) ? 'ratio' : 'raw', points: pts };
}
