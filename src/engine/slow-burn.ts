// A resource that climbs for a long time before anything fails (memory, disk, descriptors, pools): the change to
// blame is the last one of that service before the climb began, however long ago; a later tweak cannot have started it.
import type { Category } from '../report/schema.js';
import type { Suspect } from './suspects.js';
import type { SymptomAnalysis } from './symptoms.js';
import { SLOW_BURN } from './thresholds.js';
import { FAILURE_CLASSES } from './vocabulary.js';

export interface SlowBurn {
  service: string;
  metric: string;
  category: Category;
  /** When the climb began (ms): the ramp's start, or the start of the data when it climbs throughout. */
  climbStart: number;
  /** It was already climbing when the data begins. */
  beforeData: boolean;
}

/** The resource classes whose metrics climb: memory, disk, pools and descriptors. */
const RESOURCE_CLASSES = FAILURE_CLASSES.filter((c) => c.metrics && ['memory', 'disk', 'pool'].includes(c.id));

/** The strongest resource climb that began well before the onset, or null. */
export function findSlowBurn(sym: SymptomAnalysis, dataStart: number): SlowBurn | null {
  if (sym.onset === null) return null;
  let best: { burn: SlowBurn; weight: number } | null = null;
  for (const m of sym.metricSymptoms) {
    const a = m.anomaly;
    if (a.kind !== 'ramp' || a.direction !== 'up' || !a.service) continue;
    const cls = RESOURCE_CLASSES.find((c) => c.metrics!.test(a.metric));
    if (!cls || m.start > sym.onset - SLOW_BURN.minLeadMs) continue;
    const beforeData = m.start - dataStart <= SLOW_BURN.dataStartSlackMs;
    const burn: SlowBurn = { service: a.service, metric: a.metric, category: cls.category, climbStart: m.start, beforeData };
    if (!best || m.weight > best.weight) best = { burn, weight: m.weight };
  }
  return best?.burn ?? null;
}

/**
 * The change that started the climb: the last change of the burning service before the climb began. When the
 * climb runs from the start of the data, it began earlier still: the last change before the data, days back if need be.
 */
export function changeBeforeClimb(burn: SlowBurn, changes: readonly Suspect[]): Suspect | null {
  const limit = burn.beforeData ? burn.climbStart : burn.climbStart + SLOW_BURN.startSlackMs;
  const own = changes.filter((s) => s.service === burn.service && s.time <= limit).sort((a, b) => b.time - a.time);
  return own[0] ?? null;
}
