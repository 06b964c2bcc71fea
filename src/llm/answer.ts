// The model's answer: the schema asked for (structured output) and a lenient reading of whatever came back.
import { z } from 'zod';
import { CATEGORIES, type Category, type Evidence, type Hypothesis } from '../report/schema.js';

const hypothesis = z.object({
  summary: z.string().describe('one sentence: what failed, where, and why'),
  category: z.enum(CATEGORIES),
  service: z.string().nullable().describe('the service where the fault lies'),
  deployment: z
    .string()
    .nullable()
    .describe('version of the deployment to blame, exactly as get_deployments shows it, or null'),
  commit: z
    .string()
    .nullable()
    .describe('sha (7+ characters) of the commit to blame, as a git tool showed it, or null'),
  dependency: z.string().nullable().describe('an external dependency to blame when no change is, or null'),
  confidence: z.number().min(0).max(1),
});

/** All fields required and nullable rather than optional: strict JSON-schema modes accept only that. */
export const answerSchema = z.object({
  rootCause: hypothesis,
  hypotheses: z.array(hypothesis).describe('ranked alternatives, rootCause first, at most 5'),
  onset: z.string().nullable().describe('ISO time the symptoms began, or null to keep the pre-analysis onset'),
  evidence: z.array(
    z.object({
      source: z.string().describe('logs, metrics, git, deployments, traces or k8s'),
      tool: z.string().describe('the tool whose result shows it'),
      call: z.number().int().nullable().describe('the call number shown as [call N] in that tool result'),
      summary: z.string(),
      ref: z.string().nullable().describe('file:line, metric name, sha... or null'),
    }),
  ),
  recommendations: z.array(z.string()),
  narrative: z.string().describe('a short analysis: timeline, root cause, how the evidence supports it'),
});
export type Answer = z.infer<typeof answerSchema>;

export interface ModelAnswer {
  rootCause: Hypothesis;
  hypotheses: Hypothesis[];
  onset: string | null;
  evidence: Evidence[];
  recommendations: string[];
  narrative?: string;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;

/** Matches "Resource exhaustion", "resource-exhaustion" and the like to a category. */
function toCategory(v: unknown, fallback: Category): Category {
  const s = str(v)
    ?.toLowerCase()
    .replace(/[\s-]+/g, '_');
  return (CATEGORIES as readonly string[]).includes(s ?? '') ? (s as Category) : fallback;
}

function toConfidence(v: unknown): number {
  let n = typeof v === 'number' ? v : typeof v === 'string' ? Number.parseFloat(v) : NaN;
  if (!Number.isFinite(n)) return 0.5;
  if (n > 1 && n <= 100) n /= 100; // "85" meant 85 %
  return Math.min(1, Math.max(0, n));
}

function toHypothesis(v: unknown, fallback: Category): Hypothesis | null {
  if (typeof v === 'string' && v.trim()) v = { summary: v };
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const summary = str(o.summary) ?? str(o.description) ?? str(o.cause);
  if (!summary) return null;
  return {
    summary,
    category: toCategory(o.category, fallback),
    service: str(o.service),
    deployment: str(o.deployment) ?? str(o.version),
    commit: str(o.commit) ?? str(o.sha),
    dependency: str(o.dependency),
    confidence: toConfidence(o.confidence),
  };
}

function toEvidence(v: unknown): Evidence | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const summary = str(o.summary) ?? str(o.text) ?? str(o.description);
  if (!summary) return null;
  const callRaw =
    typeof o.call === 'number'
      ? o.call
      : typeof o.call === 'string'
        ? Number.parseInt(o.call.replace(/^#/, ''), 10)
        : NaN;
  const e: Evidence = { source: str(o.source) ?? 'unknown', tool: str(o.tool) ?? '', summary, ref: str(o.ref) };
  if (Number.isInteger(callRaw)) e.call = callRaw;
  return e;
}

/**
 * Reads an answer object leniently (missing fields, category spelled loosely, confidence in percent).
 * Null when it has no usable root cause.
 */
export function readAnswer(raw: Record<string, unknown>, fallbackCategory: Category): ModelAnswer | null {
  const rootCause = toHypothesis(raw.rootCause ?? raw.root_cause, fallbackCategory);
  if (!rootCause) return null;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const rest = list(raw.hypotheses)
    .map((h) => toHypothesis(h, fallbackCategory))
    .filter((h): h is Hypothesis => h !== null);
  const hypotheses = [rootCause, ...rest.filter((h) => h.summary !== rootCause.summary)].slice(0, 5);
  return {
    rootCause,
    hypotheses,
    onset: str(raw.onset),
    evidence: list(raw.evidence)
      .map(toEvidence)
      .filter((e): e is Evidence => e !== null),
    recommendations: list(raw.recommendations)
      .map((r) => str(r) ?? (r && typeof r === 'object' ? str((r as Record<string, unknown>).action) : null))
      .filter((r): r is string => r !== null),
    narrative: str(raw.narrative) ?? str(raw.analysis) ?? undefined,
  };
}
