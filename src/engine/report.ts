// Timeline, evidence and chart data for the report: each item cites the tool call it came from.
import type { CommitDetailOutput, DeploymentOut } from '../core/contracts/git.js';
import type { SearchLogsOutput } from '../core/contracts/logs.js';
import type { SeriesOut } from '../core/contracts/metrics.js';
import { clockTime, parseTimestamp, toIso } from '../core/time.js';
import type { ChartData, Evidence, Recovery, TimelineEvent } from '../report/schema.js';
import type { Cited, Collected } from './collect.js';
import type { K8sFinding } from './k8s.js';
import type { Suspect } from './suspects.js';
import type { SymptomAnalysis } from './symptoms.js';
import type { Verdict } from './verdict.js';
import { downsample } from '../analysis/series.js';

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  if (a >= 1) return n.toFixed(a >= 100 ? 0 : 2).replace(/\.00$/, '');
  return n.toPrecision(2);
}

export function buildTimeline(
  c: Collected,
  sym: SymptomAnalysis,
  verdict: Verdict,
  after: Suspect[],
  k8s: K8sFinding[],
): TimelineEvent[] {
  const events: Array<TimelineEvent & { ms: number }> = [];
  const push = (ms: number, source: string, event: string) => events.push({ ms, time: toIso(ms), source, event });
  const from = sym.onset !== null ? sym.onset - 6 * 3_600_000 : c.window.from;
  for (const d of c.deployments?.value ?? []) {
    const ms = parseTimestamp(d.finishedAt ?? d.startedAt);
    const culprit = verdict.culprit?.deploymentId === d.id;
    if (ms < from && !culprit) continue;
    if (ms > c.window.to) continue;
    const late = sym.onset !== null && ms > sym.onset;
    push(
      ms,
      'deployments',
      `${d.service} ${d.version} deployed${d.commit ? ` (${d.commit.slice(0, 7)})` : ''}${culprit ? ' <- suspected cause' : late ? ', after the onset' : ''}`,
    );
  }
  if (verdict.culprit?.kind === 'commit' && verdict.culprit.commit)
    push(
      verdict.culprit.time,
      'git',
      `commit ${verdict.culprit.commit.slice(0, 7)} ${verdict.culprit.subject ?? ''} <- suspected cause`,
    );
  for (const m of sym.metricSymptoms.slice(0, 6)) {
    const a = m.anomaly;
    push(
      m.start,
      'metrics',
      `${a.metric}${a.service ? `{${a.service}}` : ''} ${a.kind} ${a.direction} ${fmt(a.before)} -> ${fmt(a.after)}`,
    );
  }
  if (sym.onset !== null) push(sym.onset, 'engine', 'onset of the symptoms');
  for (const s of sym.symptoms.slice(0, 5)) {
    push(
      s.start,
      'logs',
      `${s.template.service}: "${s.template.template.slice(0, 100)}" ${s.template.isNew ? 'appears' : 'surges'} (${s.template.count} in window)`,
    );
  }
  for (const f of k8s.slice(0, 3))
    push(sym.onset ?? c.window.to, 'k8s', `${f.object}: ${f.reason}${f.detail ? ` (${f.detail})` : ''}`);
  // Without deployments, commits after the onset still belong on the timeline.
  for (const s of after.filter((x) => x.kind === 'commit').slice(0, 3))
    push(s.time, 'git', `commit ${s.commit?.slice(0, 7)} ${s.subject ?? ''}, after the onset`);
  return events.sort((a, b) => a.ms - b.ms).map(({ time, source, event }) => ({ time, source, event }));
}

export function buildEvidence(
  c: Collected,
  sym: SymptomAnalysis,
  verdict: Verdict,
  details: Map<string, Cited<CommitDetailOutput>>,
  search: Cited<SearchLogsOutput> | null,
  k8s: K8sFinding[],
): Evidence[] {
  const out: Evidence[] = [];
  if (search && search.value.totalMatches > 0) {
    const s = search.value;
    out.push({
      source: 'logs',
      tool: 'search_logs',
      summary: `${s.totalMatches} entries match "${s.pattern}"${s.byService.length ? ` in ${s.byService.map((b) => b.service).join(', ')}` : ''}${s.firstMatch ? ` from ${clockTime(parseTimestamp(s.firstMatch))}` : ''}`,
      ref: s.matches[0]?.ref ?? null,
      call: search.call,
    });
  }
  for (const s of sym.symptoms.slice(0, 4)) {
    const t = s.template;
    out.push({
      source: 'logs',
      tool: 'log_patterns',
      summary: `${t.count} ${t.level} "${t.template.slice(0, 120)}" in ${t.service}, ${t.isNew ? 'new' : `rate x${fmt(t.rateJump)}`} from ${clockTime(s.start)}`,
      ref: t.ref,
      call: c.templates?.call,
    });
  }
  for (const m of sym.metricSymptoms.slice(0, 3)) {
    const a = m.anomaly;
    out.push({
      source: 'metrics',
      tool: 'get_anomalies',
      summary: `${a.metric}${a.service ? ` (${a.service})` : ''}: ${a.kind} ${a.direction} from ${fmt(a.before)} to ${fmt(a.after)} at ${clockTime(m.start)}`,
      ref: `${a.metric}{${Object.entries(a.labels)
        .filter(([k]) => k !== '__name__')
        .map(([k, v]) => `${k}="${v}"`)
        .join(',')}}`,
      call: c.anomalies?.call,
    });
  }
  const culprit = verdict.culprit;
  if (culprit) {
    out.push({
      source: culprit.kind === 'deployment' ? 'deployments' : 'git',
      tool: culprit.kind === 'deployment' ? 'get_deployments' : 'get_recent_commits',
      summary: `${culprit.service} ${culprit.version ?? culprit.commit?.slice(0, 7)} at ${clockTime(culprit.time)}: ${culprit.notes.join('; ')}`,
      ref: culprit.deploymentId ?? culprit.commit,
      call: culprit.call,
    });
    const detail = culprit.commit ? details.get(culprit.commit) : undefined;
    if (detail && culprit.matchedLines.length) {
      out.push({
        source: 'git',
        tool: 'get_commit',
        summary: `${culprit.commit?.slice(0, 7)} "${culprit.subject ?? ''}" changes ${culprit.paths.slice(0, 3).join(', ')}: ${culprit.matchedLines.slice(0, 2).join(' | ').slice(0, 200)}`,
        ref: `${culprit.commit}:${culprit.paths[0] ?? ''}`,
        call: detail.call,
      });
    }
  }
  if (verdict.dependency) {
    const d = sym.dependencies.find((x) => x.name === verdict.dependency);
    const s = sym.symptoms.find((x) => x.dependency?.name === verdict.dependency);
    if (d && s)
      out.push({
        source: 'logs',
        tool: 'log_patterns',
        summary: `errors name ${d.name} (${d.kind}): "${s.template.sample.slice(0, 140)}"`,
        ref: s.template.ref,
        call: c.templates?.call,
      });
  }
  for (const f of k8s.slice(0, 3)) {
    out.push({
      source: 'k8s',
      tool: 'kubectl_get_pods',
      summary: `${f.object}: ${f.reason}${f.detail ? ` (${f.detail})` : ''}`,
      ref: f.object,
      call: (c.pods ?? c.events)?.call,
    });
  }
  return out;
}

/** Charts stay small whatever the window: a report is read in browsers and passed through shells. */
const MAX_CHART_POINTS = 200;
const MAX_CHART_SERIES = 6;

/** Sums consecutive buckets so at most `max` remain; the step grows to match. */
export function coarsenCounts(
  counts: number[],
  stepSeconds: number,
  max = MAX_CHART_POINTS,
): { counts: number[]; stepSeconds: number } {
  if (counts.length <= max) return { counts, stepSeconds };
  const size = Math.ceil(counts.length / max);
  const out: number[] = [];
  for (let i = 0; i < counts.length; i += size) out.push(counts.slice(i, i + size).reduce((a, b) => a + b, 0));
  return { counts: out, stepSeconds: stepSeconds * size };
}

export function buildCharts(
  series: SeriesOut[],
  sym: SymptomAnalysis,
  c: Collected,
  verdict: Verdict,
): ChartData | undefined {
  const templates = sym.symptoms.slice(0, 4).map((s) => ({
    template: s.template.template,
    service: s.template.service,
    start: s.template.rate.start,
    ...coarsenCounts(s.template.rate.counts, s.template.rate.stepSeconds),
  }));
  if (!series.length && !templates.length) return undefined;
  const markers: ChartData['markers'] = [];
  for (const d of c.deployments?.value ?? []) {
    const ms = parseTimestamp(d.finishedAt ?? d.startedAt);
    if (ms >= c.window.from && ms <= c.window.to)
      markers.push({ time: toIso(ms), label: `${d.service} ${d.version}`, kind: 'deployment' });
  }
  if (sym.onset !== null) markers.push({ time: toIso(sym.onset), label: 'onset', kind: 'onset' });
  if (verdict.culprit?.kind === 'commit')
    markers.push({
      time: toIso(verdict.culprit.time),
      label: verdict.culprit.commit?.slice(0, 7) ?? 'commit',
      kind: 'commit',
    });
  // The services where the fault lies or shows come first.
  const weight = (s: SeriesOut) =>
    s.service ? (sym.fault.get(s.service) ?? 0) + (sym.affected.get(s.service) ?? 0) : 0;
  return {
    series: series
      .filter((s) => s.points?.length)
      .sort((a, b) => weight(b) - weight(a))
      .slice(0, MAX_CHART_SERIES)
      .map((s) => ({ name: s.name, service: s.service, points: downsample(s.points ?? [], MAX_CHART_POINTS) })),
    templates,
    markers,
  };
}

/**
 * The report's recovery: when the symptoms stopped, and whether a rollback (a later deployment of an earlier
 * commit of the same service), another deployment, or nothing known stopped them.
 */
export function describeRecovery(verdict: Verdict, deployments: readonly DeploymentOut[]): Recovery | undefined {
  const r = verdict.recovery;
  if (!r) return undefined;
  const by = r.by;
  if (!by) return { at: toIso(r.stoppedAt), by: 'unknown', change: null };
  const culprit = verdict.culprit;
  const shipped = by.commit ?? null;
  const earlier = deployments.filter(
    (d) => d.service === by.service && parseTimestamp(d.startedAt) < (culprit?.time ?? by.time),
  );
  const rollback =
    !!shipped && earlier.some((d) => d.commit === shipped) && (!culprit?.commit || culprit.commit !== shipped);
  return {
    at: toIso(r.stoppedAt),
    by: rollback ? 'rollback' : 'deployment',
    change: `${by.service} ${by.version ?? by.commit?.slice(0, 7) ?? ''}`.trim(),
  };
}

/** Headlines fit a line: at most `max` characters, cut at a word, with an ellipsis when cut. */
export function headline(text: string, max = 120): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:(—-]+$/, '')}…`;
}
