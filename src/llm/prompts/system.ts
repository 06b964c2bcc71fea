// The system prompt: the incident, the window, the tools by server, and the engine's pre-analysis to verify or refute.
import type { ToolInfo } from '../../core/tool-caller.js';
import type { Report } from '../../report/schema.js';
import { CATEGORIES } from '../../report/schema.js';

function describeHypothesis(h: Report['rootCause']): string {
  const parts = [
    h.service && `service ${h.service}`,
    h.deployment && `deployment ${h.deployment}`,
    h.commit && `commit ${h.commit.slice(0, 12)}`,
    h.dependency && `dependency ${h.dependency}`,
  ].filter(Boolean);
  return `${h.summary} [${h.category}${parts.length ? `; ${parts.join(', ')}` : ''}; confidence ${h.confidence.toFixed(2)}]`;
}

function listTools(tools: ToolInfo[]): string {
  const byServer = new Map<string, string[]>();
  for (const t of tools) byServer.set(t.server, [...(byServer.get(t.server) ?? []), t.name]);
  return [...byServer].map(([server, names]) => `- ${server}: ${names.join(', ')}`).join('\n');
}

export const ANSWER_SHAPE = `{
  "rootCause": {"summary": "...", "category": "<one of: ${CATEGORIES.join(', ')}>", "service": "... or null", "deployment": "version or null", "commit": "sha or null", "dependency": "... or null", "confidence": 0.0-1.0},
  "hypotheses": [ /* rootCause first, then alternatives, same shape, at most 5 */ ],
  "onset": "ISO time or null",
  "evidence": [{"source": "logs|metrics|git|deployments|traces|k8s", "tool": "tool name", "call": <N from [call N]>, "summary": "...", "ref": "file:line, metric, sha... or null"}],
  "recommendations": ["..."],
  "narrative": "timeline, root cause and how the evidence supports it, briefly"
}`;

export function buildSystemPrompt(incident: string, tools: ToolInfo[], engine: Report): string {
  const hyps = engine.hypotheses
    .slice(0, 3)
    .map((h, i) => `${i + 1}. ${describeHypothesis(h)}`)
    .join('\n');
  const evidence = engine.evidence
    .slice(0, 6)
    .map(
      (e) =>
        `- ${e.source}/${e.tool}${e.call !== undefined ? ` [call ${e.call}]` : ''}: ${e.summary}${e.ref ? ` (${e.ref})` : ''}`,
    )
    .join('\n');
  return [
    'You are an SRE investigating a production incident. You reach logs, metrics, deployments and commits only through the tools below; each tool result starts with [call N], its call number.',
    '',
    `Incident: ${incident}`,
    `Window: ${engine.window.from} to ${engine.window.to}`,
    '',
    'Tools by server:',
    listTools(tools),
    '',
    'A statistical engine has already analyzed this incident. Its pre-analysis:',
    `Onset: ${engine.onset ?? 'not found'}`,
    `Root cause: ${describeHypothesis(engine.rootCause)}`,
    hyps ? `Hypotheses:\n${hyps}` : '',
    evidence ? `Evidence:\n${evidence}` : '',
    '',
    'Your job: verify or refute this pre-analysis with the tools. Check the onset in the logs and metrics, look at what was deployed or committed just before it and read the suspect commit. You may call several tools at once. Do not invent shas, versions or numbers: name only what a tool result showed.',
    'When you are done, answer with only this JSON object (no prose around it):',
    ANSWER_SHAPE,
    'Every evidence item must cite the [call N] of the tool result that shows it.',
  ]
    .filter((l) => l !== '')
    .join('\n');
}

export function buildUserPrompt(incident: string): string {
  return `Investigate: ${incident}`;
}
