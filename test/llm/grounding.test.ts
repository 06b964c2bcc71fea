import { describe, expect, it } from 'vitest';
import type { ModelAnswer } from '../../src/llm/answer.js';
import { groundAnswer, groundEvidence } from '../../src/llm/grounding.js';
import type { ToolCallRecord } from '../../src/report/schema.js';
import { FakeCaller, standardCaller } from './helpers.js';

const calls: ToolCallRecord[] = [
  { server: 'logs', tool: 'search_logs', arguments: {}, ok: true, durationMs: 1 },
  { server: 'metrics', tool: 'get_metrics', arguments: {}, ok: false, durationMs: 1 },
];

function answer(h: Partial<ModelAnswer['rootCause']>, evidence: ModelAnswer['evidence'] = []): ModelAnswer {
  const rootCause = {
    summary: 's',
    category: 'code_bug' as const,
    service: 'a',
    deployment: null,
    commit: null,
    dependency: null,
    confidence: 0.9,
    ...h,
  };
  return { rootCause, hypotheses: [rootCause], onset: null, evidence, recommendations: [] };
}

describe('groundEvidence', () => {
  it('keeps evidence citing a successful call, by index or by tool name, and drops the rest', () => {
    const { kept, dropped } = groundEvidence(
      [
        { source: 'logs', tool: 'search_logs', summary: 'by index', call: 0 },
        { source: 'logs', tool: 'search_logs', summary: 'by name' },
        { source: 'logs', tool: 'read_logs', summary: 'tool never called' },
        { source: 'metrics', tool: 'get_metrics', summary: 'failed call', call: 1 },
        { source: 'logs', tool: 'search_logs', summary: 'no such call', call: 7 },
        { source: 'logs', tool: 'get_metrics', summary: 'index of another tool', call: 0 },
      ],
      calls,
    );
    expect(kept.map((e) => e.summary)).toEqual(['by index', 'by name']);
    expect(kept[1]!.call).toBe(0);
    expect(dropped).toHaveLength(4);
  });
});

describe('groundAnswer', () => {
  const window = { from: '2025-01-15T12:00:00Z', to: '2025-01-15T16:00:00Z' };

  it('drops an unknown sha and version from the root cause, lowers confidence and says so', async () => {
    const caller = standardCaller();
    const out = await groundAnswer({
      answer: answer({ commit: 'deadbeefcafe', deployment: 'v9.9.9' }),
      calls: [],
      results: [],
      caller,
      window,
    });
    expect(out.answer.rootCause.commit).toBeNull();
    expect(out.answer.rootCause.deployment).toBeNull();
    expect(out.answer.rootCause.confidence).toBeLessThanOrEqual(0.3);
    expect(out.warnings.join('\n')).toMatch(/commit deadbeefcafe.*does not know/);
    expect(out.warnings.join('\n')).toMatch(/deployment v9\.9\.9.*does not know/);
    // It asked the git server through the caller.
    expect(caller.calls.map((c) => c.tool)).toEqual(['get_commit', 'get_deployments']);
  });

  it('keeps a sha and version the git server knows, checked through get_commit and get_deployments', async () => {
    const caller = standardCaller();
    const out = await groundAnswer({
      answer: answer({ commit: 'abc1234', deployment: 'v2.4.1' }),
      calls: [],
      results: [],
      caller,
      window,
    });
    expect(out.answer.rootCause).toMatchObject({ commit: 'abc1234', deployment: 'v2.4.1', confidence: 0.9 });
    expect(out.warnings).toEqual([]);
  });

  it('uses results the model already saw before asking again', async () => {
    const caller = standardCaller();
    const seen = await caller.call('get_deployments', {});
    const out = await groundAnswer({
      answer: answer({ commit: 'abc1234def', deployment: '2.4.1' }),
      calls: caller.calls,
      results: [seen],
      caller,
      window,
    });
    expect(out.answer.rootCause.deployment).toBe('2.4.1');
    expect(caller.calls).toHaveLength(1);
  });

  it('warns but keeps the claim when no git server can check it', async () => {
    const out = await groundAnswer({
      answer: answer({ deployment: 'v1' }),
      calls: [],
      results: [],
      caller: new FakeCaller([]),
      window,
    });
    expect(out.answer.rootCause.deployment).toBe('v1');
    expect(out.warnings[0]).toMatch(/could not verify v1/);
  });
});
