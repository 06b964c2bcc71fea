// When the incident began: the earliest change that the main cluster of symptom changes supports.

export interface SymptomEvent {
  /** When the change began (ms). */
  start: number;
  /** How much of the failure it carries (error-template volume and level, metric anomaly size). */
  weight: number;
}

const BEFORE_MS = 3 * 60_000;
const AFTER_MS = 10 * 60_000;

/**
 * The onset: the earliest symptom start that the main cluster of symptoms supports.
 * A lone early blip has little support and loses to a confirmed later change.
 */
export function findOnset(points: readonly SymptomEvent[]): number | null {
  if (!points.length) return null;
  const sorted = [...points].sort((a, b) => a.start - b.start);
  const support = sorted.map((p) =>
    sorted
      .filter((q) => q.start >= p.start - BEFORE_MS && q.start <= p.start + AFTER_MS)
      .reduce((s, q) => s + q.weight, 0),
  );
  const max = Math.max(...support);
  const i = support.findIndex((s) => s >= 0.5 * max);
  return sorted[i].start;
}
