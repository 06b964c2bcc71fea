// What is failing, where, since when: symptom templates, metric anomalies, the onset, and where the fault points.
import type { LogTemplateOut } from '../core/contracts/logs.js';
import type { AnomalyOut } from '../core/contracts/metrics.js';
import { parseTimestamp } from '../core/time.js';
import type { Collected } from './collect.js';
import { dependencyInMessage, type DependencySignal } from './dependency.js';
import { addEdge, createGraph, learnFromMessage, type ServiceGraph } from './graph.js';
import { LOCALIZE, SYMPTOM } from './thresholds.js';
import { findOnset } from './onset.js';
import { soundsLikeFailure } from './vocabulary.js';
import { classifySignal } from '../analysis/signals.js';
import type { ComponentRank } from './localize.js';

export interface Symptom {
  template: LogTemplateOut;
  burst: LogTemplateOut['burst'] | null;
  /** When this symptom began (ms). */
  start: number;
  weight: number;
  /** Known services its messages blame. */
  blames: string[];
  /** An outside dependency it names, when it names no service of ours. */
  dependency: { name: string; kind: DependencySignal['kind'] } | null;
}

export interface MetricSymptom {
  anomaly: AnomalyOut;
  start: number;
  weight: number;
}

export interface SymptomAnalysis {
  symptoms: Symptom[];
  metricSymptoms: MetricSymptom[];
  onset: number | null;
  /** Where the errors show, weighted. */
  affected: Map<string, number>;
  /** Where the fault points after following blame along the service graph, weighted. */
  fault: Map<string, number>;
  graph: ServiceGraph;
  dependencies: DependencySignal[];
  /** Share of the symptom weight that blames something outside our services. */
  externalShare: number;
  knownServices: string[];
  /** The failure stopped before the end of the window. */
  recovered: boolean;
  /** Components ranked by metrics-first localization, once it has run. */
  components?: ComponentRank[];
}

function addTo(map: Map<string, number>, key: string, w: number): void {
  map.set(key, (map.get(key) ?? 0) + w);
}

function collectKnownServices(c: Collected): string[] {
  const names = new Set<string>();
  for (const t of c.templates?.value ?? []) names.add(t.service);
  for (const d of c.deployments?.value ?? []) names.add(d.service);
  for (const s of c.seriesList?.value ?? []) if (s.service) names.add(s.service);
  for (const cm of c.commits?.value ?? []) for (const s of cm.services) names.add(s);
  // Databases, caches and queues on the service graph are components too, named as the data spells them.
  for (const e of c.serviceGraph?.value ?? []) {
    names.add(e.client);
    names.add(e.server);
  }
  names.delete('');
  names.delete('unknown');
  return [...names];
}

function templateSymptom(t: LogTemplateOut, windowFrom: number): Omit<Symptom, 'blames' | 'dependency'> | null {
  const levelWeight = SYMPTOM.levelWeight[t.level] ?? SYMPTOM.unknownLevel;
  // INFO lines can still be symptoms: access logs with 5xx, "timed out".
  if (levelWeight < SYMPTOM.failureWordsBelow && !soundsLikeFailure(t.template)) return null;
  // The logs server judged the burst (log_patterns); a template without one holds its rate.
  const burst = t.burst ?? null;
  const first = parseTimestamp(t.first);
  let start: number;
  let countAfter: number;
  if (
    burst &&
    burst.rateAfter >= SYMPTOM.burstFactor * burst.rateBefore + SYMPTOM.burstFloor &&
    burst.countAfter >= SYMPTOM.burstMinCount
  ) {
    start = parseTimestamp(burst.start);
    countAfter = burst.countAfter;
  } else if (t.isNew && t.count >= SYMPTOM.newMinCount && first > windowFrom + SYMPTOM.newAfterMs) {
    start = first;
    countAfter = t.count;
  } else {
    return null;
  }
  const weight = Math.log1p(countAfter) * levelWeight * (t.isNew ? SYMPTOM.newFactor : 1);
  return { template: t, burst, start, weight };
}

function metricSymptom(a: AnomalyOut): MetricSymptom | null {
  // A metric's move is a symptom when it goes the way that means trouble for what it measures.
  const signal = classifySignal(a.metric, a.labels);
  if (!signal) return null;
  // Rising load is not trouble by itself (the traffic-surge gate weighs it); falling throughput is.
  const bad = signal.kind === 'throughput' ? 'down' : signal.bad;
  if (bad !== a.direction) return null;
  return {
    anomaly: a,
    start: parseTimestamp(a.start),
    weight: Math.min(a.score / SYMPTOM.metricScoreScale, SYMPTOM.metricMaxWeight),
  };
}

/** How far after an anchor (alert, a time in the text) symptom starts still belong to the incident. */
const ANCHOR_AFTER_MS = 10 * 60_000;

/**
 * `anchor`: when the alert fired or the text says the symptom began; the onset is then looked for near it
 * (from LOCALIZE.onsetLookbackMs before to a few minutes after), and is the anchor itself when nothing moved there.
 */
export function analyzeSymptoms(c: Collected, anchor: number | null = null): SymptomAnalysis {
  const known = collectKnownServices(c);
  const graph = createGraph();
  for (const e of c.serviceGraph?.value ?? []) addEdge(graph, e.client, e.server, e.kind);
  const symptoms: Symptom[] = [];
  for (const t of c.templates?.value ?? []) {
    const base = templateSymptom(t, c.window.from);
    // Every template teaches the graph, symptoms or not: "calling X" in a healthy log is still an edge.
    const blames = learnFromMessage(graph, t.service, `${t.template} ${t.sample}`, known);
    if (!base) continue;
    const dep = blames.length ? null : (dependencyInMessage(t.sample) ?? dependencyInMessage(t.template));
    const external = dep && !known.includes(dep.name) ? dep : null;
    symptoms.push({ ...base, blames, dependency: external });
  }
  const metricSymptoms = (c.anomalies?.value ?? []).map(metricSymptom).filter((m): m is MetricSymptom => m !== null);

  // Leaks ramp for hours before anything fails: a ramp is evidence, not the onset.
  const onsetPoints = [
    ...symptoms.map((s) => ({ start: s.start, weight: s.weight })),
    ...metricSymptoms
      .filter((m) => m.anomaly.kind !== 'ramp')
      .map((m) => ({ start: m.start, weight: m.weight * SYMPTOM.metricOnsetFactor })),
  ];
  const nearAnchor =
    anchor === null
      ? onsetPoints
      : onsetPoints.filter((p) => p.start >= anchor - LOCALIZE.onsetLookbackMs && p.start <= anchor + ANCHOR_AFTER_MS);
  const onset = anchor === null ? findOnset(onsetPoints) : (findOnset(nearAnchor) ?? anchor);

  // Only symptoms that belong to the incident (start near or after the onset) point at services.
  const relevant = onset === null ? symptoms : symptoms.filter((s) => s.start >= onset - 15 * 60_000);
  const affected = new Map<string, number>();
  const fault = new Map<string, number>();
  const deps = new Map<string, DependencySignal>();
  let externalWeight = 0;
  let totalWeight = 0;
  for (const s of relevant) {
    totalWeight += s.weight;
    addTo(affected, s.template.service, s.weight);
    if (s.blames.length) {
      // The errors show here, the fault may lie with what it calls: move most of the weight there.
      addTo(fault, s.template.service, s.weight * SYMPTOM.ownShare);
      for (const b of s.blames) addTo(fault, b, (s.weight * (1 - SYMPTOM.ownShare)) / s.blames.length);
    } else {
      addTo(fault, s.template.service, s.weight);
    }
    if (s.dependency) {
      externalWeight += s.weight;
      const d = deps.get(s.dependency.name) ?? { name: s.dependency.name, kind: s.dependency.kind, weight: 0 };
      d.weight += s.weight;
      deps.set(d.name, d);
    }
  }
  for (const m of metricSymptoms) {
    if (!m.anomaly.service || (onset !== null && m.start < onset - 30 * 60_000 && m.anomaly.kind !== 'ramp')) continue;
    addTo(affected, m.anomaly.service, m.weight * SYMPTOM.metricAffected);
    addTo(fault, m.anomaly.service, m.weight * SYMPTOM.metricFault);
  }

  return {
    symptoms: relevant.sort((a, b) => b.weight - a.weight),
    metricSymptoms,
    onset,
    affected,
    fault,
    graph,
    dependencies: [...deps.values()].sort((a, b) => b.weight - a.weight),
    externalShare: totalWeight ? externalWeight / totalWeight : 0,
    knownServices: known,
    recovered: hasRecovered(relevant, c.window.to),
  };
}

/** The symptoms burst for a while and then stopped well before the end of the data. */
function hasRecovered(symptoms: Symptom[], windowEnd: number): boolean {
  const main = symptoms.filter((s) => s.weight > 1);
  if (!main.length) return false;
  return main.every((s) => {
    const counts = s.template.rate.counts;
    const step = s.template.rate.stepSeconds * 1000;
    const start = parseTimestamp(s.template.rate.start);
    const tailBuckets = Math.max(1, Math.round((20 * 60_000) / step));
    const tail = counts.slice(-tailBuckets).reduce((a, b) => a + b, 0);
    const lastSeen = parseTimestamp(s.template.last);
    const burstLen = (lastSeen - s.start) / 60_000;
    return tail === 0 && burstLen >= 5 && windowEnd - lastSeen >= 20 * 60_000 && start < windowEnd;
  });
}
