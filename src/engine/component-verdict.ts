// Hypotheses that blame a component (a service, database, cache, queue or outside endpoint) rather than a change.
import type { Hypothesis } from '../report/schema.js';
import { classifyComponent, type ComponentFacts, type WeightedText } from './category.js';
import type { ComponentRank } from './localize.js';
import { CONFIDENCE } from './thresholds.js';
import { COMPONENT_LABELS as LABELS } from './vocabulary.js';

export interface ComponentEvidence extends ComponentFacts {
  /** Components that have logs or deployments of their own (our services). */
  ownServices: ReadonlySet<string>;
  /** Weighted error texts (symptom templates), for the category. */
  texts: WeightedText[];
}

/** How sure: the best score, and how clearly it beats the next component. */
function confidenceOf(best: number, second: number, z: number): number {
  const margin = best > 0 ? Math.max(0, (best - second) / best) : 0;
  const strength = 1 - Math.exp(-z / CONFIDENCE.componentStrengthZ);
  const c =
    CONFIDENCE.componentBase +
    CONFIDENCE.componentMarginWeight * margin +
    CONFIDENCE.componentStrengthWeight * strength;
  return Math.round(Math.min(CONFIDENCE.componentMax, c) * 100) / 100;
}

function fmt(n: number, unit: string | undefined): string {
  if (unit === 'ratio') return `${(n * 100).toPrecision(3).replace(/\.?0+$/, '')}%`;
  if (unit === 'seconds')
    return n >= 1 ? `${n.toPrecision(3)} s` : `${(n * 1000).toPrecision(3).replace(/\.?0+$/, '')} ms`;
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
}

/** Up to `max` hypotheses, one per changed component, best first. */
export function componentHypotheses(ranks: readonly ComponentRank[], ev: ComponentEvidence, max = 5): Hypothesis[] {
  const list = ranks.slice(0, max);
  return list.map((r, i) => {
    const category = classifyComponent(r, ev.texts, ev);
    const s = r.signal;
    const what = s ? `${s.label} ${fmt(s.baseline, s.unit)} -> ${fmt(s.current, s.unit)}` : 'changed';
    const own = ev.ownServices.has(r.component);
    const seenFrom = r.callers.length ? `, seen from ${r.callers.slice(0, 3).join(', ')}` : '';
    const next = list[i + 1]?.score ?? 0;
    const confidence = r.anomalous
      ? confidenceOf(r.score, i === 0 ? next : list[0].score, s?.z ?? 0) * (i === 0 ? 1 : CONFIDENCE.runnerUpShare)
      : CONFIDENCE.componentUnchanged;
    return {
      summary: `${LABELS[category]}: ${r.component} (${what}${seenFrom}); no change of ours explains it`,
      category,
      service: r.component,
      deployment: null,
      commit: null,
      // A component with no logs or deployments of its own is a dependency: a database, cache, queue or outside
      // service.
      dependency: own ? null : r.component,
      confidence: Math.round(confidence * 100) / 100,
      reasons: r.notes,
    };
  });
}
