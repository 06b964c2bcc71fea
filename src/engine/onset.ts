// Finds when an incident began, from many series (metrics from get_metrics, template rates from log_patterns).
//
// Interface, kept small on purpose:
//   findOnset(candidates, opts) -> Onset | null
//   - candidates: one per series. `times` are epoch ms of each point (evenly spaced), `values` the samples
//     (NaN allowed). `symptom` (default true) marks series whose rise *is* the incident: error ratios,
//     latency, error-template rates; others (memory, CPU, pool usage, deploy-adjacent counters) only
//     confirm. `weight` (default 1) scales a series' scores: below 1 for noisy or less trusted series.
//   - The onset is the EARLIEST upward change in a symptom series that is confirmed: another series
//     changes (either way) within `confirmWindowMs` of it, or it is itself a strong sustained surge
//     (a step or ramp scoring at least `strongScore`). A lone early blip that nothing confirms never wins
//     over a confirmed later change. A ramp's onset is its start.
//   - When no symptom change is confirmed, the strongest unconfirmed one is returned (confirmedBy: []);
//     null when no symptom series changes upward at all.
import { detectChanges, type ChangeKind, type DetectOptions } from './changepoints.js';

export interface OnsetCandidate {
  id: string;
  /** Epoch ms of each point. */
  times: number[];
  values: number[];
  weight?: number;
  symptom?: boolean;
}

export interface OnsetOptions extends DetectOptions {
  /** How close in time another series' change must be to confirm (default 5 minutes). */
  confirmWindowMs?: number;
  /** Weighted score at which a sustained symptom change confirms itself (default 20). */
  strongScore?: number;
}

export interface Onset {
  time: number;
  id: string;
  kind: ChangeKind;
  score: number;
  confirmedBy: string[];
}

interface Event {
  id: string;
  time: number;
  kind: ChangeKind;
  direction: 'up' | 'down';
  /** Weighted score. */
  score: number;
  symptom: boolean;
}

function collectEvents(candidates: readonly OnsetCandidate[], opts: OnsetOptions): Event[] {
  const minScore = opts.minScore ?? 4;
  const events: Event[] = [];
  for (const c of candidates) {
    if (c.times.length !== c.values.length) {
      throw new Error(`findOnset: series "${c.id}" has ${c.times.length} times but ${c.values.length} values`);
    }
    const weight = c.weight ?? 1;
    for (const change of detectChanges(c.values, opts)) {
      const score = change.score * weight;
      if (score < minScore) continue;
      events.push({ id: c.id, time: c.times[change.index], kind: change.kind, direction: change.direction, score, symptom: c.symptom ?? true });
    }
  }
  return events;
}

/** The earliest confirmed upward symptom change; see the file header for the rules. */
export function findOnset(candidates: readonly OnsetCandidate[], opts: OnsetOptions = {}): Onset | null {
  const window = opts.confirmWindowMs ?? 5 * 60_000;
  const strong = opts.strongScore ?? 20;
  const events = collectEvents(candidates, opts);
  const symptoms = events.filter((e) => e.symptom && e.direction === 'up');
  if (symptoms.length === 0) return null;

  const judged = symptoms.map((e) => {
    const others = events.filter((o) => o.id !== e.id && Math.abs(o.time - e.time) <= window).map((o) => o.id);
    const confirmedBy = [...new Set(others)].sort();
    const selfConfirmed = e.kind !== 'spike' && e.score >= strong;
    return { e, confirmedBy, confirmed: confirmedBy.length > 0 || selfConfirmed };
  });
  const confirmed = judged.filter((j) => j.confirmed).sort((a, b) => a.e.time - b.e.time || b.e.score - a.e.score);
  const pick = confirmed[0] ?? [...judged].sort((a, b) => b.e.score - a.e.score || a.e.time - b.e.time)[0];
  return { time: pick.e.time, id: pick.e.id, kind: pick.e.kind, score: pick.e.score, confirmedBy: pick.confirmedBy };
}
