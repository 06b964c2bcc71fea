// A resource that climbs for a long time before anything fails (memory, disk, descriptors, pools): the change to
// blame is the last one of that service before the climb began, however long ago; a later tweak cannot have started it.
import { findClimb } from '../analysis/climb.js';
import { isCumulativeCounter } from '../analysis/series.js';
import { toIso } from '../core/time.js';
import type { ToolCaller } from '../core/tool-caller.js';
import type { Category } from '../report/schema.js';
import { fetchSeries } from './collect.js';
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
    const burn: SlowBurn = {
      service: a.service,
      metric: a.metric,
      category: cls.category,
      climbStart: m.start,
      beforeData,
    };
    if (!best || m.weight > best.weight) best = { burn, weight: m.weight };
  }
  return best?.burn ?? null;
}

/**
 * The climbs in the resource series of the given components (the symptom's, the ones localization ranks first):
 * memory, disk or pools that rose for a long stretch before the onset, restarts and all. The longest wins.
 */
export async function findSlowBurnInSeries(
  tools: ToolCaller,
  components: readonly string[],
  onset: number,
  window: { from: number; to: number },
): Promise<SlowBurn | null> {
  let best: { burn: SlowBurn; ms: number } | null = null;
  const results = await Promise.all(
    components.map((service) =>
      fetchSeries(tools, { service, include_points: true, since: toIso(window.from), until: toIso(window.to) }).then(
        (r) => ({ service, series: r?.value ?? [] }),
      ),
    ),
  );
  for (const { service, series } of results) {
    for (const s of series) {
      const cls = RESOURCE_CLASSES.find((c) => c.metrics!.test(s.name));
      // A counter of used resource only climbs; its growth is not a leak. Limits and free space are not the climb
      // either.
      if (
        !cls ||
        !s.points?.length ||
        isCumulativeCounter(s.name, s.points) ||
        /limit|free|available|capacity|max/i.test(s.name)
      )
        continue;
      const climb = findClimb(s.points, onset);
      if (!climb || climb.start > onset - SLOW_BURN.minLeadMs) continue;
      const burn: SlowBurn = {
        service,
        metric: s.name,
        category: cls.category,
        climbStart: climb.start,
        beforeData: climb.fromDataStart,
      };
      if (!best || climb.risingMs > best.ms) best = { burn, ms: climb.risingMs };
    }
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
