// Gathers the engine's inputs through MCP tool calls. Every fact the engine uses comes from here.
import type { z } from 'zod';
import type { ToolCaller, ToolResult } from '../core/tool-caller.js';
import {
  logPatternsOutput,
  searchLogsOutput,
  type LogTemplateOut,
  type SearchLogsOutput,
} from '../core/contracts/logs.js';
import {
  commitDetailOutput,
  deploymentsOutput,
  recentCommitsOutput,
  type CommitDetailOutput,
  type CommitSummary,
  type DeploymentOut,
} from '../core/contracts/git.js';
import {
  getAnomaliesOutput,
  getErrorRatesOutput,
  getMetricsOutput,
  getServiceGraphOutput,
  getServiceHealthOutput,
  type AnomalyOut,
  type ComponentHealthOut,
  type GetErrorRatesOutput,
  type SeriesOut,
  type ServiceEdgeOut,
} from '../core/contracts/metrics.js';
import { getEventsOutput, getPodsOutput, type GetEventsOutput, type GetPodsOutput } from '../core/contracts/k8s.js';
import { searchTracesOutput, type SearchTracesOutput } from '../core/contracts/traces.js';
import { resolveWindow } from '../core/window.js';
import { parseTimestamp } from '../core/time.js';

/**
 * ok: data read; no_data: the source answered but holds nothing in the window (or nothing readable); absent: not
 * configured.
 */
export type SourceState = 'ok' | 'no_data' | 'absent' | 'error';

/** A fact with the tool call it came from, so evidence can cite it. */
export interface Cited<T> {
  value: T;
  call: number;
}

export interface Collected {
  window: { from: number; to: number };
  sources: Record<string, SourceState>;
  templates: Cited<LogTemplateOut[]> | null;
  anomalies: Cited<AnomalyOut[]> | null;
  errorRates: Cited<GetErrorRatesOutput> | null;
  seriesList: Cited<SeriesOut[]> | null;
  deployments: Cited<DeploymentOut[]> | null;
  commits: Cited<CommitSummary[]> | null;
  pods: Cited<GetPodsOutput> | null;
  events: Cited<GetEventsOutput> | null;
  errorTraces: Cited<SearchTracesOutput> | null;
  /** Caller -> callee edges from the service-graph metrics. */
  serviceGraph: Cited<ServiceEdgeOut[]> | null;
  warnings: string[];
}

const DAY = 86_400_000;

/** When nothing says how long the window is: the last 6 hours, as the servers default to. */
const FALLBACK_WINDOW_MS = 6 * 3_600_000;

/**
 * A tool's structured answer checked against its contract. An answer off-contract (a server of another
 * version, a proxy that rewrote it) is not trusted: the engine goes on without it and the report says why.
 */
export function structured<S extends z.ZodType>(
  res: ToolResult,
  schema: S,
  name: string,
  warnings?: string[],
): z.infer<S> | null {
  if (!res.ok || !res.structured || typeof res.structured !== 'object') return null;
  const parsed = schema.safeParse(res.structured);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  warnings?.push(
    `${name}: answer does not match its contract (${issue.path.join('.') || 'root'}: ${issue.message}); not used`,
  );
  return null;
}

function windowOf(out: { window?: { from: string; to: string } } | null): { from: number; to: number } | null {
  if (!out?.window) return null;
  const from = parseTimestamp(out.window.from);
  const to = parseTimestamp(out.window.to);
  return Number.isFinite(from) && Number.isFinite(to) ? { from, to } : null;
}

export interface CollectOptions {
  since?: string;
  until?: string;
  /** How far before the window the deployment look-back reaches. */
  lookbackMs?: number;
}

/** Calls the survey tools of every connected server, in parallel where independent. */
export async function collectSignals(tools: ToolCaller, opts: CollectOptions): Promise<Collected> {
  const warnings: string[] = [];
  const sources: Record<string, SourceState> = {
    logs: 'absent',
    metrics: 'absent',
    git: 'absent',
    deployments: 'absent',
    traces: 'absent',
    k8s: 'absent',
  };
  const range: Record<string, unknown> = {};
  if (opts.since) range.since = opts.since;
  if (opts.until) range.until = opts.until;

  const call = async (name: string, args: Record<string, unknown>) => {
    const res = await tools.call(name, args);
    if (!res.ok) warnings.push(`${name}: ${res.text.split('\n')[0]}`);
    return res;
  };

  const result: Collected = {
    window: { from: 0, to: 0 },
    sources,
    templates: null,
    anomalies: null,
    errorRates: null,
    seriesList: null,
    deployments: null,
    commits: null,
    pods: null,
    events: null,
    errorTraces: null,
    serviceGraph: null,
    warnings,
  };
  // One parallel wave: every server defaults to the end of its data, and the logs' window wins.
  let logsWindow: { from: number; to: number } | null = null;
  let metricsWindow: { from: number; to: number } | null = null;
  const pending: Array<Promise<void>> = [];
  const run = (name: string, args: Record<string, unknown>, take: (res: ToolResult) => void) => {
    if (tools.has(name)) pending.push(call(name, args).then(take));
  };
  run('log_patterns', { ...range, limit: 400 }, (res) => {
    const out = structured(res, logPatternsOutput, 'log_patterns', warnings);
    sources.logs = !out
      ? 'error'
      : out.totalEntries === 0 || (out.source && out.source.state !== 'ok')
        ? 'no_data'
        : 'ok';
    // Files that yielded nothing are named in the report, with why.
    for (const f of out?.source?.skipped ?? []) warnings.push(`logs: ${f.file} skipped: ${f.reason}`);
    if (out?.source?.state === 'no_entries_in_window' && out.source.extent)
      warnings.push(`logs: no entry in the window; the logs span ${out.source.extent.from} .. ${out.source.extent.to}`);
    if (out) {
      result.templates = { value: out.templates, call: res.index };
      logsWindow = windowOf(out);
    }
  });
  run('get_metrics', { ...range }, (res) => {
    const out = structured(res, getMetricsOutput, 'get_metrics', warnings);
    sources.metrics = !out ? 'error' : out.series.length ? 'ok' : 'no_data';
    if (out && !out.series.length) warnings.push(`metrics: no series between ${out.window.from} and ${out.window.to}`);
    for (const w of out?.warnings ?? [])
      if (/skipped|cannot read|dropped/i.test(w.message)) warnings.push(`metrics: ${w.where}: ${w.message}`);
    if (out) {
      result.seriesList = { value: out.series, call: res.index };
      metricsWindow = windowOf(out);
    }
  });
  run('get_anomalies', { ...range, limit: 60 }, (res) => {
    const out = structured(res, getAnomaliesOutput, 'get_anomalies', warnings);
    if (out) result.anomalies = { value: out.anomalies, call: res.index };
  });
  run('get_service_graph', { ...range }, (res) => {
    const out = structured(res, getServiceGraphOutput, 'get_service_graph', warnings);
    if (out?.edges.length) result.serviceGraph = { value: out.edges, call: res.index };
  });
  run('get_error_rates', { ...range }, (res) => {
    const out = structured(res, getErrorRatesOutput, 'get_error_rates', warnings);
    if (out) result.errorRates = { value: out, call: res.index };
  });
  // Deployments and commits reach back further than the symptoms: the git server's default look-back (days).
  const history = opts.until ? { until: opts.until } : {};
  run('get_deployments', { ...history, limit: 200 }, (res) => {
    const out = structured(res, deploymentsOutput, 'get_deployments', warnings);
    sources.deployments = out ? (out.deployments.length ? 'ok' : 'no_data') : 'error';
    if (out) result.deployments = { value: out.deployments, call: res.index };
  });
  run('get_recent_commits', { ...history, limit: 200 }, (res) => {
    const out = structured(res, recentCommitsOutput, 'get_recent_commits', warnings);
    sources.git = !out ? 'error' : out.commits.length ? 'ok' : 'no_data';
    if (out) result.commits = { value: out.commits, call: res.index };
  });
  run('kubectl_get_pods', {}, (res) => {
    const out = structured(res, getPodsOutput, 'kubectl_get_pods', warnings);
    sources.k8s = out ? 'ok' : 'error';
    if (out) result.pods = { value: out, call: res.index };
  });
  run('get_events', {}, (res) => {
    const out = structured(res, getEventsOutput, 'get_events', warnings);
    if (out) result.events = { value: out, call: res.index };
  });
  run('search_traces', { ...range, status: 'error', limit: 50 }, (res) => {
    const out = structured(res, searchTracesOutput, 'search_traces', warnings);
    sources.traces = out ? 'ok' : 'error';
    if (out) result.errorTraces = { value: out, call: res.index };
  });
  await Promise.all(pending);
  result.window =
    logsWindow ??
    metricsWindow ??
    resolveWindow(range, { extent: null, fixedUntil: opts.until, spanMs: FALLBACK_WINDOW_MS });
  // Only changes that could matter to this window: from the look-back before it to its end.
  const from = result.window.from - (opts.lookbackMs ?? 2 * DAY);
  const inRange = (iso: string) => {
    const t = parseTimestamp(iso);
    return t >= from && t <= result.window.to;
  };
  if (result.deployments) result.deployments.value = result.deployments.value.filter((d) => inRange(d.startedAt));
  if (result.commits) result.commits.value = result.commits.value.filter((c) => inRange(c.date));
  return result;
}

/** Full commits (with diffs) for the suspects worth reading; cached per sha for this run. */
export async function fetchCommits(tools: ToolCaller, shas: string[]): Promise<Map<string, Cited<CommitDetailOutput>>> {
  const out = new Map<string, Cited<CommitDetailOutput>>();
  if (!tools.has('get_commit')) return out;
  const unique = [...new Set(shas)];
  const results = await Promise.all(unique.map((sha) => tools.call('get_commit', { sha })));
  results.forEach((res, i) => {
    const detail = structured(res, commitDetailOutput, 'get_commit');
    if (detail) out.set(unique[i], { value: detail, call: res.index });
  });
  return out;
}

export async function searchLogs(
  tools: ToolCaller,
  args: Record<string, unknown>,
): Promise<Cited<SearchLogsOutput> | null> {
  if (!tools.has('search_logs')) return null;
  const res = await tools.call('search_logs', args);
  const out = structured(res, searchLogsOutput, 'search_logs');
  return out ? { value: out, call: res.index } : null;
}

export async function fetchSeries(
  tools: ToolCaller,
  args: Record<string, unknown>,
): Promise<Cited<SeriesOut[]> | null> {
  if (!tools.has('get_metrics')) return null;
  const res = await tools.call('get_metrics', args);
  const out = structured(res, getMetricsOutput, 'get_metrics');
  return out ? { value: out.series, call: res.index } : null;
}

/** Every component's signals compared around `at` (the onset). */
export async function fetchHealth(
  tools: ToolCaller,
  args: { at: string; since?: string; until?: string },
): Promise<Cited<ComponentHealthOut[]> | null> {
  if (!tools.has('get_service_health')) return null;
  const res = await tools.call('get_service_health', { ...args, limit: 500 });
  const out = structured(res, getServiceHealthOutput, 'get_service_health');
  return out ? { value: out.components, call: res.index } : null;
}
