// Grounding: the model's claims must rest on tool calls that were made and on changes the git server knows.
import type { ToolCaller, ToolResult } from '../core/tool-caller.js';
import type { Evidence, Hypothesis, ToolCallRecord } from '../report/schema.js';
import type { ModelAnswer } from './answer.js';

export interface GroundingInput {
  answer: ModelAnswer;
  /** Every call made in the run (engine's and model's), indexed as the report's toolCalls. */
  calls: readonly ToolCallRecord[];
  /** Tool results the model saw, for the shas and versions they name. */
  results: ToolResult[];
  caller: ToolCaller;
  window: { from: string; to: string };
}

export interface Grounded {
  answer: ModelAnswer;
  warnings: string[];
}

/** Lowered confidence of a hypothesis that named a change nobody can find. */
const UNGROUNDED_CONFIDENCE_CAP = 0.3;

/** Keeps evidence that cites a call made (by index, or by a tool that was called); the rest is dropped. */
export function groundEvidence(
  evidence: Evidence[],
  calls: readonly ToolCallRecord[],
): { kept: Evidence[]; dropped: Evidence[] } {
  const kept: Evidence[] = [];
  const dropped: Evidence[] = [];
  for (const e of evidence) {
    if (e.call !== undefined) {
      const call = calls[e.call];
      if (call && call.ok && (!e.tool || e.tool === call.tool)) kept.push({ ...e, tool: call.tool });
      else dropped.push(e);
      continue;
    }
    const last = calls
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.ok && c.tool === e.tool)
      .pop();
    if (last) kept.push({ ...e, call: last.i });
    else dropped.push(e);
  }
  return { kept, dropped };
}

interface KnownChanges {
  shas: Set<string>;
  versions: Set<string>;
}

function addFrom(value: unknown, known: KnownChanges): void {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) addFrom(v, known);
    return;
  }
  const o = value as Record<string, unknown>;
  for (const key of ['sha', 'commit', 'shortSha'])
    if (typeof o[key] === 'string') known.shas.add((o[key] as string).toLowerCase());
  if (typeof o.version === 'string') known.versions.add(o.version);
  if (typeof o.previousVersion === 'string') known.versions.add(o.previousVersion);
  if (Array.isArray(o.commits)) for (const c of o.commits) if (typeof c === 'string') known.shas.add(c.toLowerCase());
  for (const key of ['deployments', 'commits', 'matches']) if (Array.isArray(o[key])) addFrom(o[key], known);
}

const GIT_TOOLS = new Set(['get_deployments', 'get_recent_commits', 'search_commits', 'get_commit']);

function knowsSha(known: KnownChanges, sha: string): boolean {
  const s = sha.toLowerCase();
  return [...known.shas].some((k) => k.length >= 7 && s.length >= 7 && (k.startsWith(s) || s.startsWith(k)));
}

function normalizeVersion(v: string): string {
  return v
    .trim()
    .replace(/^v(?=\d)/i, '')
    .toLowerCase();
}

function knowsVersion(known: KnownChanges, version: string): boolean {
  const v = normalizeVersion(version);
  return [...known.versions].some((k) => normalizeVersion(k) === v);
}

/** Asks the git server about what the model's results did not show: get_commit per sha, one wide get_deployments. */
async function lookUp(input: GroundingInput, known: KnownChanges, shas: string[], versions: string[]): Promise<void> {
  for (const sha of shas) {
    if (knowsSha(known, sha) || !input.caller.has('get_commit') || !/^[0-9a-f]{4,40}$/i.test(sha)) continue;
    const res = await input.caller.call('get_commit', { sha });
    if (res.ok) addFrom(res.structured ?? { sha }, known);
  }
  if (versions.some((v) => !knowsVersion(known, v)) && input.caller.has('get_deployments')) {
    const since = new Date(Date.parse(input.window.from) - 30 * 86_400_000);
    const res = await input.caller.call('get_deployments', {
      since: Number.isNaN(since.getTime()) ? '30d' : since.toISOString(),
      until: input.window.to,
      limit: 200,
    });
    if (res.ok) addFrom(res.structured, known);
  }
}

/** Checks the named changes; a hypothesis naming an unknown one loses it and most of its confidence. */
export async function groundChanges(input: GroundingInput): Promise<Grounded> {
  const warnings: string[] = [];
  const known: KnownChanges = { shas: new Set(), versions: new Set() };
  for (const r of input.results) if (r.ok && GIT_TOOLS.has(r.tool)) addFrom(r.structured, known);
  const all = input.answer.hypotheses.includes(input.answer.rootCause)
    ? input.answer.hypotheses
    : [input.answer.rootCause, ...input.answer.hypotheses];
  const shas = [...new Set(all.map((h) => h.commit).filter((c): c is string => !!c))];
  const versions = [...new Set(all.map((h) => h.deployment).filter((d): d is string => !!d))];
  if (!shas.length && !versions.length) return { answer: input.answer, warnings };
  if (!input.caller.has('get_commit') && !input.caller.has('get_deployments')) {
    warnings.push(`could not verify ${[...shas, ...versions].join(', ')}: no git server is running`);
    return { answer: input.answer, warnings };
  }
  await lookUp(input, known, shas, versions);

  const fix = (h: Hypothesis, isRoot: boolean): Hypothesis => {
    const out = { ...h };
    if (h.commit && !knowsSha(known, h.commit)) {
      warnings.push(
        `the model named commit ${h.commit}${isRoot ? ' as the root cause' : ''}, which the git server does not know: dropped`,
      );
      out.commit = null;
    }
    if (h.deployment && !knowsVersion(known, h.deployment)) {
      warnings.push(
        `the model named deployment ${h.deployment}${isRoot ? ' as the root cause' : ''}, which the git server does not know: dropped`,
      );
      out.deployment = null;
    }
    if (out.commit !== h.commit || out.deployment !== h.deployment)
      out.confidence = Math.min(h.confidence, UNGROUNDED_CONFIDENCE_CAP);
    return out;
  };
  const rootCause = fix(input.answer.rootCause, true);
  const hypotheses = input.answer.hypotheses.map((h) => (h === input.answer.rootCause ? rootCause : fix(h, false)));
  return {
    answer: { ...input.answer, rootCause, hypotheses: [...new Set(hypotheses)] },
    warnings: [...new Set(warnings)],
  };
}

/** Both checks: evidence first (no tool calls), then the changes (may ask the git server). */
export async function groundAnswer(input: GroundingInput): Promise<Grounded> {
  const { kept, dropped } = groundEvidence(input.answer.evidence, input.calls);
  const warnings = dropped.map(
    (e) =>
      `evidence dropped, it cites no tool call that was made: "${e.summary.slice(0, 80)}"${e.call !== undefined ? ` (call ${e.call})` : e.tool ? ` (${e.tool})` : ''}`,
  );
  const changes = await groundChanges({ ...input, answer: { ...input.answer, evidence: kept } });
  return { answer: changes.answer, warnings: [...warnings, ...changes.warnings] };
}
