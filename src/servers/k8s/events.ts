// Event summaries: Warning first, newest first, with the involved object and counts.
import type { EventOut } from '../../core/contracts/k8s.js';
import { parseTimestamp } from '../../core/time.js';
import type { KubeEvent } from './objects.js';

export function eventTimes(e: KubeEvent): { first: string | null; last: string | null } {
  const last = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? null;
  const first = e.firstTimestamp ?? e.eventTime ?? last;
  return { first: first ?? null, last };
}

export function summarizeEvent(e: KubeEvent): EventOut {
  const obj = e.involvedObject ?? e.regarding ?? {};
  const { first, last } = eventTimes(e);
  return {
    type: e.type ?? 'Normal',
    reason: e.reason ?? '',
    object: `${obj.kind ?? '?'}/${obj.name ?? '?'}`,
    count: e.series?.count ?? e.count ?? 1,
    firstTime: first,
    lastTime: last,
    message: e.message ?? e.note ?? '',
  };
}

function timeOf(e: EventOut): number {
  const t = parseTimestamp(e.lastTime ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** Warning before Normal (anything else after); newest first within each type. */
export function sortEvents(events: EventOut[]): EventOut[] {
  const rank = (t: string) => (t === 'Warning' ? 0 : t === 'Normal' ? 1 : 2);
  return [...events].sort((a, b) => rank(a.type) - rank(b.type) || timeOf(b) - timeOf(a));
}

/**
 * Does the event concern this object? `kind/name` or `name`; a name also matches the objects
 * named after it (a Deployment's ReplicaSets and pods: `<name>-...`).
 */
export function concernsObject(e: KubeEvent, filter: string): boolean {
  const obj = e.involvedObject ?? e.regarding ?? {};
  const slash = filter.indexOf('/');
  const kind = slash > 0 ? filter.slice(0, slash) : null;
  const name = slash > 0 ? filter.slice(slash + 1) : filter;
  if (kind && (obj.kind ?? '').toLowerCase() !== kind.toLowerCase()) return false;
  const objName = obj.name ?? '';
  return objName === name || (!kind && objName.startsWith(`${name}-`));
}

export function countByReason(events: EventOut[]) {
  const map = new Map<string, { type: string; reason: string; events: number; occurrences: number }>();
  for (const e of events) {
    const key = `${e.type}/${e.reason}`;
    const v = map.get(key) ?? { type: e.type, reason: e.reason, events: 0, occurrences: 0 };
    v.events++;
    v.occurrences += e.count;
    map.set(key, v);
  }
  return [...map.values()].sort((a, b) =>
    a.type === b.type ? b.occurrences - a.occurrences : a.type === 'Warning' ? -1 : 1,
  );
}
