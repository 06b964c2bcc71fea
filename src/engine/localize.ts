// Metrics-first localization: from the component that shows the symptom, walk toward its dependencies and
// name the changed component whose own dependencies do not explain its change.
import type { ComponentHealthOut, SignalHealthOut } from '../core/contracts/metrics.js';
import type { SignalKind } from '../analysis/signals.js';
import { LOCALIZE } from './thresholds.js';

/** Caller -> callees, learned from service-graph metrics, traces and log lines. */
export type CallGraph = ReadonlyMap<string, ReadonlySet<string>>;

export interface ComponentRank {
  component: string;
  score: number;
  /** The signal that carries its change (the symptom's kind when it moved, else its worst). */
  signal: SignalHealthOut | null;
  anomalous: boolean;
  /** The dependency that explains its change, when one does. */
  explainedBy: string | null;
  /** Changed components that call it (several callers seeing one failure corroborate it). */
  callers: string[];
  /** Share of everything that changed that this component's failure can account for. */
  coverage: number;
  notes: string[];
}

export interface LocalizeInput {
  health: readonly ComponentHealthOut[];
  graph: CallGraph;
  /**
   * Edges that carry messages (`publisher\u0000consumer` -> 'messaging_system'): data flows with them, calls do not
   * return.
   */
  edgeKinds?: ReadonlyMap<string, string>;
  /** Where the symptom shows (alert label, the incident text, the loudest errors), strongest first. */
  symptoms: readonly string[];
  /** The kind of symptom described (latency, errors, ...), when the incident or alert says. */
  kind: SignalKind | null;
}

/**
 * The kinds that can carry the described symptom's cause. Errors: a component that went down carries them too.
 * Throughput only when the symptom is about throughput: request counts move with every traffic wobble.
 */
function relevantKinds(kind: SignalKind | null): SignalKind[] {
  if (kind === 'errors') return ['errors', 'up'];
  if (kind === 'throughput') return ['throughput', 'saturation', 'errors', 'up'];
  if (kind === 'saturation') return ['saturation', 'up'];
  if (kind) return [kind];
  return ['errors', 'latency', 'up', 'saturation'];
}

/** Kinds that can cause any symptom in a caller: a component that went down, or ran out of something. */
const CAUSE_KINDS: readonly SignalKind[] = ['up', 'saturation'];

/**
 * The signal that carries a component's part in this symptom: the described kind first, else the worst relevant
 * change, else a strong change of a cause kind (a database whose running threads pile up has no latency series of its
 * own).
 */
function signalOf(h: ComponentHealthOut | undefined, kind: SignalKind | null): SignalHealthOut | null {
  if (!h) return null;
  const kinds = relevantKinds(kind);
  const own = kind ? h.signals.find((s) => s.kind === kind) : undefined;
  if (own && isChanged(own)) return own;
  const relevant = h.signals.filter((s) => kinds.includes(s.kind));
  const changed = relevant.filter(isChanged).sort((a, b) => b.z - a.z)[0];
  if (changed) return changed;
  const cause = h.signals
    .filter((s) => CAUSE_KINDS.includes(s.kind) && isChanged(s) && s.z >= LOCALIZE.causeZ)
    .sort((a, b) => b.z - a.z)[0];
  return cause ?? own ?? relevant[0] ?? null;
}

/**
 * Changed at the moment: far from its history, and not already there before the onset. A resource that fills
 * (a backlog, a pool, memory) builds up before anything fails, so for saturation an earlier start is expected.
 */
function isChanged(s: SignalHealthOut): boolean {
  return s.z >= LOCALIZE.anomalousZ && (s.kind === 'saturation' || s.preShift < LOCALIZE.preShiftShare * s.z);
}

/**
 * What can explain a component's change: the components it calls, and those that publish to it through a queue or
 * stream (a consumer chokes on what arrives; a publisher is never slowed by its consumers).
 */
function explainersOf(u: string, input: LocalizeInput): string[] {
  const out = [...(input.graph.get(u) ?? [])].filter(
    (v) => input.edgeKinds?.get(`${u}\u0000${v}`) !== 'messaging_system' || !input.graph.get(v)?.size,
  );
  for (const [key, kind] of input.edgeKinds ?? []) {
    if (kind !== 'messaging_system') continue;
    const [publisher, consumer] = key.split('\u0000');
    if (consumer === u && !out.includes(publisher)) out.push(publisher);
  }
  return out;
}

/**
 * A dependency's signal that explains a caller's change of another kind: it went down or ran out of something,
 * or (for the caller's errors) it got much slower; unmistakable (causeZ).
 */
function causeSignal(h: ComponentHealthOut | undefined, callerKind: SignalKind): SignalHealthOut | null {
  const kinds: SignalKind[] = callerKind === 'errors' ? [...CAUSE_KINDS, 'latency'] : [...CAUSE_KINDS];
  return (
    (h?.signals ?? [])
      .filter((x) => kinds.includes(x.kind) && isChanged(x) && x.z >= LOCALIZE.causeZ)
      .sort((a, b) => b.z - a.z)[0] ?? null
  );
}

/** When a component's change began: the earliest start among its changed signals (ms), or null. */
function changeStart(h: ComponentHealthOut | undefined): number | null {
  const starts = (h?.signals ?? []).filter((x) => isChanged(x) && x.since).map((x) => Date.parse(x.since!));
  return starts.length ? Math.min(...starts) : null;
}

/** A dependency whose change began after its caller's cannot be why the caller changed. */
function beganAfter(dependency: ComponentHealthOut | undefined, caller: ComponentHealthOut | undefined): boolean {
  const d = changeStart(dependency);
  const c = changeStart(caller);
  return d !== null && c !== null && d > c;
}

/** 0..1: how unusual a change is; saturates so a z of 300 does not drown every other consideration. */
function significance(z: number): number {
  return 1 - Math.exp(-Math.max(0, z) / LOCALIZE.significanceZ);
}

/** Components that can reach `node` through changed callers (the failures it may explain). */
function changedAncestors(
  node: string,
  callersOf: Map<string, Set<string>>,
  changed: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>();
  const stack = [node];
  while (stack.length) {
    const x = stack.pop()!;
    for (const c of callersOf.get(x) ?? []) {
      if (!out.has(c) && changed.has(c) && c !== node) {
        out.add(c);
        stack.push(c);
      }
    }
  }
  return out;
}

/**
 * Ranks components as the place of the fault. A changed component is passed over for a changed dependency
 * whose change (same kind, same unit) is at least `explainShare` of its own: its callers' latency includes
 * the dependency's, and their errors its errors. Among the unexplained, the one whose failure accounts for
 * the most of what changed, seen by the most callers, ranks first.
 */
export function localizeComponents(input: LocalizeInput): ComponentRank[] {
  const health = new Map(input.health.map((h) => [h.component, h]));
  const nodes = new Set<string>([...health.keys()]);
  const callersOf = new Map<string, Set<string>>();
  for (const [client, servers] of input.graph) {
    nodes.add(client);
    for (const s of servers) {
      nodes.add(s);
      if (!callersOf.has(s)) callersOf.set(s, new Set());
      callersOf.get(s)!.add(client);
    }
  }
  const signals = new Map<string, SignalHealthOut | null>();
  for (const n of nodes) signals.set(n, signalOf(health.get(n), input.kind));
  const changed = new Set(
    [...nodes].filter((n) => {
      const s = signals.get(n);
      return !!s && isChanged(s);
    }),
  );

  // What the walk may visit: from the symptom's components toward their dependencies, through changed nodes.
  const starts = input.symptoms.filter((s) => nodes.has(s));
  const reach = new Set<string>();
  if (starts.length) {
    const stack = [...starts];
    while (stack.length) {
      const u = stack.pop()!;
      if (reach.has(u)) continue;
      reach.add(u);
      for (const v of input.graph.get(u) ?? []) if (changed.has(v)) stack.push(v);
    }
  }
  // No symptom on the graph (or no graph): every changed component is in play.
  const inPlay = reach.size > 1 || (reach.size === 1 && changed.size === 0) ? reach : new Set([...reach, ...changed]);

  const symptomSignal =
    starts.map((s) => signals.get(s)).find((s): s is SignalHealthOut => !!s && isChanged(s)) ?? null;
  const weightOf = (n: string) => significance(signals.get(n)?.z ?? 0);
  const totalWeight = [...changed].reduce((a, n) => a + weightOf(n), 0);

  const ranks: ComponentRank[] = [];
  for (const u of inPlay) {
    const s = signals.get(u) ?? null;
    const isAnomalous = changed.has(u);
    const notes: string[] = [];
    let explainedBy: string | null = null;
    if (s && isAnomalous) {
      let best = 0;
      let because: SignalHealthOut | null = null;
      for (const v of explainersOf(u, input)) {
        const vs = signals.get(v);
        if (!vs || !changed.has(v)) continue;
        // Same kind and unit: the dependency explains the caller when it moved by a good share as much. Otherwise a
        // dependency that went down, ran out of something, or (for errors) got much slower explains any symptom,
        // provided its change did not begin after the caller's.
        if (beganAfter(health.get(v), health.get(u))) continue;
        if (vs.kind === s.kind && vs.unit === s.unit) {
          const share = s.delta > 0 ? vs.delta / s.delta : 0;
          if (share >= LOCALIZE.explainShare && share > best) [best, explainedBy, because] = [share, v, vs];
          continue;
        }
        const cause = causeSignal(health.get(v), s.kind);
        if (cause && best < 1) [best, explainedBy, because] = [1, v, cause];
      }
      if (explainedBy && because) {
        notes.push(
          because.kind === s.kind
            ? `passed over for its dependency ${explainedBy}, whose ${s.label} rose by ${fmt(because.delta)} of its ${fmt(s.delta)}`
            : `passed over for its dependency ${explainedBy}, whose ${because.label} changed first (z ${fmt(because.z)})`,
        );
      }
    }
    const callers = [...(callersOf.get(u) ?? [])].filter((c) => changed.has(c));
    const ancestors = changedAncestors(u, callersOf, changed);
    const coverage =
      totalWeight > 0 && isAnomalous
        ? (weightOf(u) + [...ancestors].reduce((a, n) => a + weightOf(n), 0)) / totalWeight
        : 0;
    const share =
      s && symptomSignal && s.kind === symptomSignal.kind && s.unit === symptomSignal.unit && symptomSignal.delta > 0
        ? Math.min(1, Math.max(0, s.delta / symptomSignal.delta))
        : 0.5;
    let score = isAnomalous
      ? (LOCALIZE.weightSignificance * significance(s!.z) +
          LOCALIZE.weightShare * share +
          LOCALIZE.weightCoverage * coverage) *
        (explainedBy ? LOCALIZE.explainedFactor : 1) *
        (1 + LOCALIZE.perExtraCaller * Math.max(0, callers.length - 1)) *
        ((input.graph.get(u)?.size ?? 0) > 0 ? LOCALIZE.instrumentedFactor : 1)
      : LOCALIZE.unchangedScale * significance(s?.z ?? 0);
    score = Math.round(score * 1000) / 1000;
    if (s)
      notes.unshift(
        `${s.label} ${fmt(s.baseline)} -> ${fmt(s.current)} (z ${fmt(s.z)}${s.preShift >= LOCALIZE.anomalousZ ? `, already moving before the onset` : ''})`,
      );
    if (callers.length > 1) notes.push(`seen failing by ${callers.length} callers: ${callers.slice(0, 4).join(', ')}`);
    ranks.push({
      component: u,
      score,
      signal: s,
      anomalous: isAnomalous,
      explainedBy,
      callers,
      coverage: Math.round(coverage * 1000) / 1000,
      notes,
    });
  }
  ranks.sort((a, b) => b.score - a.score || a.component.localeCompare(b.component));
  // Top-3 means something only with three names: fill with the most changed of the rest.
  if (ranks.length < LOCALIZE.minRanked) {
    const rest = [...nodes]
      .filter((n) => !inPlay.has(n) && signals.get(n))
      .map((n) => ({ n, z: signals.get(n)!.z }))
      .sort((a, b) => b.z - a.z)
      .slice(0, LOCALIZE.minRanked - ranks.length);
    for (const { n } of rest) {
      const s = signals.get(n)!;
      ranks.push({
        component: n,
        score: Math.round(LOCALIZE.unchangedScale * significance(s.z) * 1000) / 1000,
        signal: s,
        anomalous: changed.has(n),
        explainedBy: null,
        callers: [],
        coverage: 0,
        notes: [`${s.label} ${fmt(s.baseline)} -> ${fmt(s.current)} (z ${fmt(s.z)}), off the symptom's path`],
      });
    }
  }
  return ranks;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  return a >= 100 ? n.toFixed(0) : a >= 1 ? n.toFixed(2).replace(/\.?0+$/, '') : n.toPrecision(2);
}
