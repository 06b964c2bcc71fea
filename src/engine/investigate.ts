// The correlation engine's entry point. PLACEHOLDER body (the lead is writing the engine); the API is fixed.
import type { ToolCaller } from '../core/tool-caller.js';
import type { Report } from '../report/schema.js';

export interface InvestigateOptions {
  /** Window bounds as the user gave them (ISO or durations); tools resolve them. */
  since?: string;
  until?: string;
  /** Progress lines ("Finding the onset..."), shown on stderr by the CLI. */
  onStep?: (message: string) => void;
  /** Keep each suspect's score parts in the result (for --explain). */
  explain?: boolean;
}

export interface SuspectExplanation {
  label: string;
  score: number;
  parts: Record<string, number>;
  notes: string[];
}

export interface InvestigateResult {
  report: Report;
  explanations: SuspectExplanation[];
}

export async function investigate(incident: string, tools: ToolCaller, opts: InvestigateOptions = {}): Promise<InvestigateResult> {
  void tools;
  void opts;
  const now = new Date().toISOString();
  return {
    report: {
      incident,
      analyst: 'engine',
      window: { from: now, to: now },
      onset: null,
      sources: {},
      rootCause: { summary: 'engine not implemented yet', category: 'no_fault', service: null, deployment: null, commit: null, dependency: null, confidence: 0 },
      hypotheses: [],
      timeline: [],
      evidence: [],
      recommendations: [],
      toolCalls: [],
    },
    explanations: [],
  };
}
