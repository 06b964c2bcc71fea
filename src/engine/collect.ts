// Gathers the engine's inputs through MCP tool calls. Every fact the engine uses comes from here.
import type { ToolCaller, ToolResult } from '../core/tool-caller.js';
import type { LogPatternsOutput, LogTemplateOut, SearchLogsOutput } from '../core/contracts/logs.js';
import type { CommitDetailOutput, CommitSummary, DeploymentOut, DeploymentsOutput, RecentCommitsOutput } from '../core/contracts/git.js';
import type { AnomalyOut, ComponentHealthOut, GetAnomaliesOutput, GetErrorRatesOutput, GetMetricsOutput, GetServiceGraphOutput, GetServiceHealthOutput, SeriesOut, ServiceEdgeOut } from '../core/contracts/metrics.js';
import { parseTimestamp } from '../core/time.js';

/** ok: data read; no_data: the source answered but holds nothing in the window (or nothing readable); absent: not configured. */
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
  pods: Cited<unknown> | null;
  events: Cited<unknown> | null;
  errorTraces: Cited<unknown> | null;
  /** Caller -> callee edges from the service-graph metrics. */
  serviceGraph: Cited<ServiceEdgeOut[]> | null;
  warnings: string[];
}

const DAY = 86_400_000;

function structured<T>(res: ToolResult): T | null {
  return res.ok && res.structured && typeof res.structured === 'object' ? (res.structured as T) : null;
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
  const sources: Record<string, SourceState> = { logs: 'absent', metrics: 'absent', git: 'absent', deployments: 'absent', traces: 'absent', k8s: 'absent' };
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
    const out = structured<LogPatternsOutput>(res);
    sources.logs = !out ? 'error' : out.totalEntries === 0 || (out.source && out.source.state !== 'ok') ? 'no_data' : 'ok';
    // Files that yielded nothing are named in the report, with why.
    for (const f of out?.source?.skipped ?? []) warnings.push(`logs: ${f.file} skipped: ${f.reason}`);
    if (out?.source?.state === 'no_entries_in_window' && out.source.extent) warnings.push(`logs: no entry in the window; the logs span ${out.source.extent.from} .. ${out.source.extent.to}`);
    if (out) {
      result.templates = { value: out.templates, call: res.index };
      logsWindow = windowOf(out);
    }
  });
  run('get_metrics', { ...range }, (res) => {
    const out = structured<GetMetricsOutput>(res);
    sources.metrics = !out ? 'error' : out.series.length ? 'ok' : 'no_data';
    if (out && !out.series.length) warnings.push(`metrics: no series between ${out.window.from} and ${out.window.to}`);
    for (const w of out?.warnings ?? []) if (/skipped|cannot read|dropped/i.test(w.message)) warnings.push(`metrics: ${w.where}: ${w.message}`);
    if (out) {
      result.seriesList = { value: out.series, call: res.index };
      metricsWindow = windowOf(out);
    }
  });
  run('get_anomalies', { ...range, limit: 60 }, (res) => {
    const out = structured<GetAnomaliesOutput>(res);
    if (out) result.anomalies = { value: out.anomalies, call: res.index };
  });
  run('get_service_graph', { ...range }, (res) => {
    const out = structured<GetServiceGraphOutput>(res);
    if (out?.edges.length) result.serviceGraph = { value: out.edges, call: res.index };
  });
  run('get_error_rates', { ...range }, (res) => {
    const out = structured<GetErrorRatesOutput>(res);
    if (out) result.errorRates = { value: out, call: res.index };
  });
  // Deployments and commits reach back further than the symptoms: the git server's default look-back (days).
  const history = opts.until ? { until: opts.until } : {};
  run('get_deployments', { ...history, limit: 200 }, (res) => {
    const out = structured<DeploymentsOutput>(res);
    sources.deployments = out ? (out.deployments.length ? 'ok' : 'no_data') : 'error';
    if (out) result.deployments = { value: out.deployments, call: res.index };
  });
  run('get_recent_commits', { ...history, limit: 200 }, (res) => {
    const out = structured<RecentCommitsOutput>(res);
    sources.git = !out ? 'error' : out.commits.length ? 'ok' : 'no_data';
    if (out) result.commits = { value: out.commits, call: res.index };
  });
  run('kubectl_get_pods', {}, (res) => {
    sources.k8s = res.ok ? 'ok' : 'error';
    if (res.ok) result.pods = { value: res.structured, call: res.index };
  });
  run('get_events', {}, (res) => {
    if (res.ok) result.events = { value: res.structured, call: res.index };
  });
  run('search_traces', { ...range, status: 'error', limit: 50 }, (res) => {
    sources.traces = res.ok ? 'ok' : 'error';
    if (res.ok) result.errorTraces = { value: res.structured, call: res.index };
  });
  await Promise.all(pending);
  result.window = logsWindow ?? metricsWindow ?? { from: Date.now() - 6 * 3_600_000, to: Date.now() };
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
    const detail = structured<CommitDetailOutput>(res);
    if (detail) out.set(unique[i], { value: detail, call: res.index });
  });
  return out;
}

export async function searchLogs(tools: ToolCaller, args: Record<string, unknown>): Promise<Cited<SearchLogsOutput> | null> {
  if (!tools.has('search_logs')) return null;
  const res = await tools.call('search_logs', args);
  const out = structured<SearchLogsOutput>(res);
  return out ? { value: out, call: res.index } : null;
}

export async function fetchSeries(tools: ToolCaller, args: Record<string, unknown>): Promise<Cited<SeriesOut[]> | null> {
  if (!tools.has('get_metrics')) return null;
  const res = await tools.call('get_metrics', args);
  const out = structured<GetMetricsOutput>(res);
  return out ? { value: out.series, call: res.index } : null;
}

/** Every component's signals compared around `at` (the onset). */
export async function fetchHealth(tools: ToolCaller, args: { at: string; since?: string; until?: string }): Promise<Cited<ComponentHealthOut[]> | null> {
  if (!tools.has('get_service_health')) return null;
  const res = await tools.call('get_service_health', { ...args, limit: 500 });
  const out = structured<GetServiceHealthOutput>(res);
  return out ? { value: out.components, call: res.index } : null;
}
