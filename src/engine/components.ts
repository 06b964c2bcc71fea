// Where the fault lies among components: the onset refined on the symptom's own series, every component's
// health at that moment, and the walk from the symptom toward its dependencies.
import { findStepStart } from '../analysis/health.js';
import { measureSeries, type MeasuredSeries } from '../analysis/signals.js';
import type { ComponentHealthOut } from '../core/contracts/metrics.js';
import { toIso } from '../core/time.js';
import type { ToolCaller } from '../core/tool-caller.js';
import { fetchHealth, fetchSeries, type Cited, type Collected } from './collect.js';
import { mentionedServices } from './graph.js';
import type { IncidentContext } from './incident.js';
import { localizeComponents, type ComponentRank } from './localize.js';
import type { SymptomAnalysis } from './symptoms.js';
import { LOCALIZE } from './thresholds.js';

export interface ComponentFindings {
  ranks: ComponentRank[];
  health: Cited<ComponentHealthOut[]> | null;
  /** Where the symptom shows, strongest first: the alert's component, the text's, the loudest errors'. */
  symptomComponents: string[];
}

/** A known component whose name matches `name` exactly, or ignoring case. */
function matchComponent(name: string | null | undefined, known: readonly string[]): string | null {
  if (!name) return null;
  return known.find((k) => k === name) ?? known.find((k) => k.toLowerCase() === name.toLowerCase()) ?? null;
}

/** The components the alert's labels or the incident's words name, as the data spells them. */
export function namedComponents(ctx: IncidentContext, known: readonly string[]): string[] {
  const out: string[] = [];
  const add = (c: string | null) => {
    if (c && !out.includes(c)) out.push(c);
  };
  add(matchComponent(ctx.alert?.component, known));
  for (const v of Object.values(ctx.alert?.labels ?? {})) add(matchComponent(v, known));
  for (const m of mentionedServices(ctx.text, known)) add(m);
  return out;
}

function symptomComponentsOf(sym: SymptomAnalysis, ctx: IncidentContext): string[] {
  const out = namedComponents(ctx, sym.knownServices);
  for (const [service] of [...sym.affected.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3))
    if (!out.includes(service)) out.push(service);
  return out;
}

/**
 * The onset on the symptom component's own series: an alert fires minutes after the fault, so the earliest
 * sample within the look-back before `anchor` from which the series stays changed (`anchor` itself when it did
 * not move earlier). Null when the component has no series of the symptom's kind.
 */
async function onsetOnSeries(
  tools: ToolCaller,
  component: string,
  ctx: IncidentContext,
  anchor: number,
  window: Collected['window'],
): Promise<number | null> {
  const res = await fetchSeries(tools, {
    service: component,
    include_points: true,
    since: toIso(window.from),
    until: toIso(window.to),
  });
  const measured = (res?.value ?? [])
    .map((s) => measureSeries(s.name, s.labels, s.points ?? []))
    .filter(
      (m): m is MeasuredSeries =>
        m !== null &&
        (ctx.kind ? m.signal.kind === ctx.kind : m.signal.kind === 'errors' || m.signal.kind === 'latency'),
    );
  // The most representative series only: a p99 jitter must not move the onset of an average's step.
  if (!measured.length) return null;
  const bestRank = Math.min(...measured.map((m) => m.signal.rank));
  return Math.min(
    ...measured
      .filter((m) => m.signal.rank === bestRank)
      .map((m) => findStepStart(m, anchor, LOCALIZE.onsetLookbackMs)),
  );
}

export async function findFaultyComponents(
  tools: ToolCaller,
  c: Collected,
  sym: SymptomAnalysis,
  ctx: IncidentContext,
): Promise<ComponentFindings> {
  const symptomComponents = symptomComponentsOf(sym, ctx);
  if (sym.onset === null || !tools.has('get_service_health')) return { ranks: [], health: null, symptomComponents };
  // With an alert (or a time in the text), the symptom component's own series says when it began; other
  // components' changes nearby must not pull the onset away from it.
  if (ctx.anchor !== null && symptomComponents[0] && tools.has('get_metrics')) {
    sym.onset = (await onsetOnSeries(tools, symptomComponents[0], ctx, ctx.anchor, c.window)) ?? sym.onset;
  }
  // The metrics' own window around the onset: enough history for a baseline, whatever window the logs had.
  const health = await fetchHealth(tools, {
    at: toIso(sym.onset),
    since: toIso(sym.onset - LOCALIZE.healthHistoryMs),
    until: toIso(Math.min(sym.onset + LOCALIZE.healthAfterMs, c.window.to)),
  });
  if (!health?.value.length) return { ranks: [], health, symptomComponents };
  const ranks = localizeComponents({
    health: health.value,
    graph: sym.graph.calls,
    edgeKinds: sym.graph.kinds,
    symptoms: symptomComponents,
    kind: ctx.kind,
  });
  return { ranks, health, symptomComponents };
}
