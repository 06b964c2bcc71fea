// The correlation engine: gathers signals through MCP tools, finds the onset, ranks the changes, writes the report.
import type { AlertContext } from '../core/alert.js';
import type { ToolCaller } from '../core/tool-caller.js';
import { parseTimestamp, toIso } from '../core/time.js';
import type { Report } from '../report/schema.js';
import { collectSignals, fetchCommits, fetchSeries, searchLogs, type Collected } from './collect.js';
import { mentionedServices } from './graph.js';
import { activeK8sFailures, findK8sReasons, latestK8sTime, serviceOfObject } from './k8s.js';
import { clusterText } from './category.js';
import { CLUSTER_REASONS, TRAFFIC_METRIC } from './vocabulary.js';
import { ERROR_STATUS } from '../analysis/signals.js';
import { locateWithTraces } from './traces.js';
import { recommend } from './recommend.js';
import { buildCharts, buildEvidence, buildTimeline, describeRecovery, headline } from './report.js';
import { listCandidates, preselect, rankSuspects } from './suspects.js';
import { analyzeSymptoms } from './symptoms.js';
import { decideVerdict, hasUsableData, noDataVerdict } from './verdict.js';
import { findSharedCause } from './shared-cause.js';
import { changeBeforeClimb, findSlowBurn, findSlowBurnInSeries } from './slow-burn.js';
import { findFaultyComponents } from './components.js';
import { checkDescribedSymptom, readIncident } from './incident.js';
import { namedComponents } from './components.js';
import type { ComponentRank } from './localize.js';
import type { ComponentHealthOut } from '../core/contracts/metrics.js';
import type { ServiceGraph } from './graph.js';
import { LOCALIZE } from './thresholds.js';

export interface InvestigateOptions {
  /** Window bounds as the user gave them (ISO or durations); tools resolve them. */
  since?: string;
  until?: string;
  /** Progress lines ("Finding the onset..."), shown on stderr by the CLI. */
  onStep?: (message: string) => void;
  /** Keep each suspect's score parts in the result (for --explain). */
  explain?: boolean;
  /**
   * The alert that started the investigation: its startsAt anchors the onset, its labels name the symptom's component.
   */
  alert?: AlertContext;
}

export interface SuspectExplanation {
  label: string;
  score: number;
  parts: Record<string, number>;
  notes: string[];
}

export interface InvestigateResult {
  report: Report;
  explanations: SuspectExplanation[];
  /** The component ranking of metrics-first localization (for --explain). */
  components?: ComponentRank[];
  /** Which verdict rule decided, in words (for --explain). */
  gates?: string[];
}

/** How many changes get their diffs read: enough for red herrings, bounded for speed. */
const MAX_DIFF_SUSPECTS = 8;
const MAX_SHAS_PER_SUSPECT = 6;

export async function investigate(
  incident: string,
  tools: ToolCaller,
  opts: InvestigateOptions = {},
): Promise<InvestigateResult> {
  const started = performance.now();
  const step = opts.onStep ?? (() => {});
  step('Surveying logs, metrics, deployments and commits');
  const collected = await collectSignals(tools, { since: opts.since, until: opts.until });

  step('Finding the onset and the new error patterns');
  const context = readIncident(incident, opts.alert ?? null, collected.window.to);
  const sym = analyzeSymptoms(collected, context.anchor);
  const k8s = findK8sReasons(collected.pods?.value, collected.events?.value);
  // Crashing pods point at their service; failing traces at where their errors began.
  for (const f of k8s) {
    const service = serviceOfObject(f.object, sym.knownServices);
    if (service && CLUSTER_REASONS.serviceFault.test(f.reason))
      sym.fault.set(service, (sym.fault.get(service) ?? 0) + 1);
  }
  const traceEvidence = await locateWithTraces(tools, collected, sym);
  step('Walking the service graph from the symptom toward its dependencies');
  const components = await findFaultyComponents(tools, collected, sym, context);

  step('Ranking the changes before the onset');
  sym.components = components.ranks;
  const { candidates, after } = listCandidates(
    collected.deployments,
    collected.commits,
    sym.onset,
    collected.window.to,
  );
  // A climbing resource in the components that matter: the symptom's, and the ones localization ranks first.
  const burnCandidates = [
    ...new Set([...components.symptomComponents.slice(0, 2), ...components.ranks.slice(0, 3).map((r) => r.component)]),
  ];
  const slowBurn =
    (sym.onset !== null ? await findSlowBurnInSeries(tools, burnCandidates, sym.onset, collected.window) : null) ??
    findSlowBurn(sym, collected.window.from);
  const climbChange = slowBurn ? changeBeforeClimb(slowBurn, candidates) : null;
  const preselected = preselect(candidates, sym, MAX_DIFF_SUSPECTS);
  // A slow burn's change may be days old: read its diff even when time alone would not pick it.
  const worth = climbChange && !preselected.includes(climbChange) ? [...preselected, climbChange] : preselected;
  const details = await fetchCommits(
    tools,
    worth.flatMap((s) => s.shas.slice(-MAX_SHAS_PER_SUSPECT)),
  );
  const ranked = rankSuspects(worth, sym, details, incident);

  const verdict = !hasUsableData(collected.sources)
    ? noDataVerdict(collected.sources, collected.warnings)
    : decideVerdict(ranked, sym, {
        texts: k8s.map(clusterText),
        trafficSurge: hasTrafficSurge(
          collected,
          sym.onset,
          components.health?.value ?? null,
          sym.graph,
          components.symptomComponents,
        ),
        slowBurn,
        sharedCause: findSharedCause(sym.symptoms, sym.knownServices),
        allChanges: candidates,
        later: after,
        mentioned: mentionedServices(incident, sym.knownServices),
        k8sActive: activeK8sFailures(collected.pods?.value, collected.events?.value, dataEnd(collected)),
        serviceOf: (object) => serviceOfObject(object, sym.knownServices),
        errorTexts: (collected.templates?.value ?? [])
          .filter((t) => t.level === 'ERROR' || t.level === 'FATAL')
          .map((t) => ({ text: `${t.template}\n${t.sample}`, weight: Math.log1p(t.count) })),
        components: {
          ranks: components.ranks,
          evidence: {
            ownServices: new Set([
              ...(collected.templates?.value ?? []).map((t) => t.service),
              ...(collected.deployments?.value ?? []).map((d) => d.service),
            ]),
            nodeKinds: new Map(
              (collected.serviceGraph?.value ?? []).filter((e) => e.kind).map((e) => [e.server, e.kind!]),
            ),
            signals: new Map((components.health?.value ?? []).map((h) => [h.component, h.signals])),
          },
        },
      });

  // Does the data show what was described? Say so plainly when it does not.
  const described = checkDescribedSymptom(
    context,
    sym.knownServices,
    namedComponents(context, sym.knownServices),
    (component, kind) => {
      const logs = sym.symptoms.some((x) => x.template.service === component) || (sym.fault.get(component) ?? 0) > 0;
      const rank = components.ranks.find((r) => r.component === component);
      const row = components.health?.value.find((h) => h.component === component);
      if (!row && !rank)
        return logs ? true : sym.symptoms.length || components.ranks.some((r) => r.anomalous) ? false : null;
      const signal = row?.signals.find((x) => !kind || x.kind === kind);
      return logs || !!rank?.anomalous || (!!signal && signal.z >= LOCALIZE.anomalousZ);
    },
  );
  if (described.warning) collected.warnings.unshift(described.warning);

  step('Gathering evidence');
  const top = sym.symptoms[0];
  const [search, series] = await Promise.all([
    top
      ? searchLogs(tools, { pattern: keyPhrase(top.template.template), service: top.template.service, limit: 5 })
      : Promise.resolve(null),
    chartSeries(tools, sym, collected.window),
  ]);

  // One line per hypothesis; the details are in its reasons and the evidence.
  for (const h of verdict.hypotheses) h.summary = headline(h.summary);
  const report: Report = {
    incident,
    analyst: 'engine',
    window: { from: toIso(collected.window.from), to: toIso(collected.window.to) },
    onset: sym.onset === null ? null : toIso(sym.onset),
    sources: collected.sources,
    rootCause: verdict.hypotheses[0],
    hypotheses: verdict.hypotheses,
    timeline: buildTimeline(collected, sym, verdict, after, k8s),
    evidence: [...buildEvidence(collected, sym, verdict, details, search, k8s), ...traceEvidence],
    recommendations: recommend(verdict, after, lastSymptomTime(sym)),
    toolCalls: [],
    warnings: collected.warnings.length ? collected.warnings : undefined,
    diff: verdict.culprit?.matchedLines.length ? verdict.culprit.matchedLines : undefined,
    charts: buildCharts(series, sym, collected, verdict),
    recovery: describeRecovery(verdict, collected.deployments?.value ?? []),
  };
  if (report.recovery) {
    const r = report.recovery;
    report.timeline.push({
      time: r.at,
      source: 'engine',
      event: `symptoms stopped${r.change ? ` after ${r.by === 'rollback' ? 'the rollback' : 'deployment'} ${r.change}` : ''}`,
    });
    report.timeline.sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  }
  report.durationMs = Math.round(performance.now() - started);
  const explanations = ranked.map((s) => ({
    label: `${s.service} ${s.version ?? ''} ${s.commit?.slice(0, 7) ?? ''}`.replace(/\s+/g, ' ').trim(),
    score: Math.round(s.score * 1000) / 1000,
    parts: Object.fromEntries(Object.entries(s.parts).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
    notes: s.notes,
  }));
  return { report, explanations, components: components.ranks, gates: verdict.gate ? [verdict.gate] : [] };
}

/** "Now" for the cluster: the end of the logs or metrics, else the newest Kubernetes event. */
function dataEnd(c: Collected): number {
  if (c.sources.logs === 'ok' || c.sources.metrics === 'ok') return c.window.to;
  return latestK8sTime(c.events?.value) ?? c.window.to;
}

/**
 * Load rose at least twofold at the onset: the failure may be capacity, not a change. Judged on each component's
 * total request rate when the metrics server reports health, else on request-rate anomalies that are not error counts.
 */
function hasTrafficSurge(
  c: Collected,
  onset: number | null,
  health: ComponentHealthOut[] | null,
  graph: ServiceGraph,
  symptoms: readonly string[],
): boolean {
  if (onset === null) return false;
  const throughput = (health ?? []).flatMap((h) =>
    h.signals
      .filter((s) => s.kind === 'throughput' && TRAFFIC_METRIC.test(s.metric))
      .map((s) => ({ component: h.component, s })),
  );
  if (throughput.length) {
    // Load arrives at the edge: where the symptom shows, or a component nothing of ours calls (retries multiply
    // requests further in), and only when the symptom's own components carry no request rate of their own.
    const called = new Set([...graph.calls.values()].flatMap((set) => [...set]));
    const own = throughput.filter((t) => symptoms.includes(t.component));
    const edge = own.length ? own : throughput.filter((t) => !called.has(t.component));
    return edge.some(
      ({ s }) =>
        s.z >= LOCALIZE.anomalousZ &&
        s.baseline > 0 &&
        s.current >= TRAFFIC_SURGE_RATIO * s.baseline &&
        s.preShift < LOCALIZE.preShiftShare * s.z,
    );
  }
  return (c.anomalies?.value ?? []).some(
    (a) =>
      TRAFFIC_METRIC.test(a.metric) &&
      !Object.values(a.labels).some((v) => ERROR_STATUS.test(v)) &&
      a.direction === 'up' &&
      a.ratio >= TRAFFIC_SURGE_RATIO &&
      Math.abs(parseTimestamp(a.start) - onset) <= 15 * 60_000,
  );
}

/** Twice the usual load is a surge. */
const TRAFFIC_SURGE_RATIO = 2;

/** When the strongest symptoms were last seen (ms), or null without symptoms. */
function lastSymptomTime(sym: ReturnType<typeof analyzeSymptoms>): number | null {
  const times = sym.symptoms.slice(0, 5).map((s) => parseTimestamp(s.template.last));
  return times.length ? Math.max(...times) : null;
}

/** The longest literal run of a template: what search_logs looks for to cite file:line. */
export function keyPhrase(template: string): string {
  const runs = template
    .split('<*>')
    .map((r) => r.trim())
    .filter(Boolean);
  const best = runs.sort((a, b) => b.length - a.length)[0] ?? template;
  return best.slice(0, 80);
}

/** The symptom metrics worth drawing: the strongest anomalies' series, fetched with points. */
async function chartSeries(
  tools: ToolCaller,
  sym: ReturnType<typeof analyzeSymptoms>,
  window: { from: number; to: number },
) {
  const names = [...new Set(sym.metricSymptoms.sort((a, b) => b.weight - a.weight).map((m) => m.anomaly.metric))].slice(
    0,
    2,
  );
  const results = await Promise.all(
    names.map((name) => fetchSeries(tools, { name, since: toIso(window.from), until: toIso(window.to) })),
  );
  return results.flatMap((r) => r?.value ?? []);
}
