// The model's grounded answer over the engine's report: the model's conclusions, the engine's window, sources, timeline
// and charts.
import type { Report, ToolCallRecord } from '../report/schema.js';
import type { ModelAnswer } from './answer.js';

function validIso(v: string | null): string | null {
  if (!v) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString().replace('.000Z', 'Z');
}

function sameCommit(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x.startsWith(y) || y.startsWith(x);
}

export function mergeReport(
  engine: Report,
  answer: ModelAnswer,
  label: string,
  calls: readonly ToolCallRecord[],
  warnings: string[],
): Report {
  const allWarnings = [...(engine.warnings ?? []), ...warnings];
  const report: Report = {
    ...engine,
    analyst: `llm:${label}`,
    onset: validIso(answer.onset) ?? engine.onset,
    rootCause: answer.rootCause,
    hypotheses: answer.hypotheses.slice(0, 5),
    evidence: answer.evidence,
    recommendations: answer.recommendations.length ? answer.recommendations : engine.recommendations,
    toolCalls: calls.map((c) => ({ ...c })),
    warnings: allWarnings.length ? allWarnings : undefined,
    narrative: answer.narrative,
  };
  // The engine's diff lines belong to its culprit: keep them only when the model blames the same commit.
  if (!sameCommit(answer.rootCause.commit, engine.rootCause.commit)) delete report.diff;
  if (report.narrative === undefined) delete report.narrative;
  return report;
}

/** Both readings failed: the engine's conclusions stand, with what the model said attached. */
export function fallbackReport(
  engine: Report,
  text: string,
  label: string,
  calls: readonly ToolCallRecord[],
  warnings: string[],
): Report {
  const note = `${label} gave no answer that could be read as the report (${text.trim() ? 'its text is in narrative' : 'it returned nothing'}); this is the engine's analysis`;
  return {
    ...engine,
    toolCalls: calls.map((c) => ({ ...c })),
    warnings: [...(engine.warnings ?? []), ...warnings, note],
    narrative: text.trim() || undefined,
  };
}
