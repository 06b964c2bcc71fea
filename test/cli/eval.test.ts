import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenarios, formatTotals, judgeCulprit, renderScoreTable, type ScenarioScore } from '../../src/cli/eval.js';

const got = (over: Partial<Parameters<typeof judgeCulprit>[0]>) => ({
  category: 'code_bug' as const,
  service: 's',
  deployment: null,
  commit: null,
  dependency: null,
  ...over,
});

describe('judgeCulprit', () => {
  const truth = { category: 'code_bug', service: 's', deployment: 'v2', commit: 'abcdef1234567890' };
  it('accepts a commit prefix of 7+ chars or the same deployment', () => {
    expect(judgeCulprit(got({ commit: 'abcdef1' }), truth)).toBe(true);
    expect(judgeCulprit(got({ commit: 'ABCDEF12' }), truth)).toBe(true);
    expect(judgeCulprit(got({ deployment: 'v2' }), truth)).toBe(true);
  });
  it('rejects short prefixes, other commits and other deployments', () => {
    expect(judgeCulprit(got({ commit: 'abcdef' }), truth)).toBe(false);
    expect(judgeCulprit(got({ commit: 'bbcdef12' }), truth)).toBe(false);
    expect(judgeCulprit(got({ deployment: 'v3' }), truth)).toBe(false);
    expect(judgeCulprit(got({}), truth)).toBe(false);
  });
  it('with no change to blame, wants none blamed and a dependency or the category', () => {
    const none = { category: 'dependency_failure', service: 's', deployment: null, commit: null };
    expect(judgeCulprit(got({ dependency: 'stripe' }), none)).toBe(true);
    expect(judgeCulprit(got({ category: 'dependency_failure' }), none)).toBe(true);
    expect(judgeCulprit(got({}), none)).toBe(false);
    expect(judgeCulprit(got({ deployment: 'v1', dependency: 'stripe' }), none)).toBe(false);
  });
  it('when the truth names the dependency, wants that one', () => {
    const dep = {
      category: 'certificate_expiry',
      service: 's',
      deployment: null,
      commit: null,
      dependency: 'api.partner.example',
    };
    expect(judgeCulprit(got({ dependency: 'API.partner.example' }), dep)).toBe(true);
    expect(judgeCulprit(got({ dependency: 'other.example' }), dep)).toBe(false);
    expect(judgeCulprit(got({ category: 'certificate_expiry' }), dep)).toBe(false);
  });
});

describe('findScenarios', () => {
  it('finds DIR itself and its subdirectories with a truth.json, sorted', () => {
    const root = mkdtempSync(join(tmpdir(), 'ip-eval-'));
    for (const name of ['b', 'a', 'no-truth']) mkdirSync(join(root, name));
    writeFileSync(join(root, 'a', 'truth.json'), '{}');
    writeFileSync(join(root, 'b', 'truth.json'), '{}');
    expect(findScenarios(root)).toEqual([join(root, 'a'), join(root, 'b')]);
    writeFileSync(join(root, 'truth.json'), '{}');
    expect(findScenarios(root)[0]).toBe(root);
  });
  it('is a usage error for a missing directory or one without scenarios', () => {
    expect(() => findScenarios('/nope/none')).toThrow(/no such directory/);
    expect(() => findScenarios(mkdtempSync(join(tmpdir(), 'ip-eval-')))).toThrow(/no scenario found/);
  });
});

describe('score table', () => {
  const row = (scenario: string, ok: boolean): ScenarioScore => ({
    scenario,
    expected: { culprit: 'v2 abcdef123456', category: 'code_bug', service: 's' },
    got: { culprit: ok ? 'v2' : 'v9', category: 'code_bug', service: ok ? 's' : 't', confidence: 0.5 },
    ok: { culprit: ok, category: true, service: ok },
    durationMs: 1,
  });
  it('prints one row per scenario and the totals line', () => {
    const scores = [
      row('one', true),
      row('two', false),
      {
        ...row('three', false),
        got: null,
        ok: { culprit: false, category: false, service: false },
        error: 'server died',
      },
    ];
    const table = renderScoreTable(scores);
    expect(formatTotals(scores)).toBe('culprit 1/3  category 2/3  service 1/3');
    expect(table.trimEnd().split('\n').at(-1)).toBe('culprit 1/3  category 2/3  service 1/3');
    expect(table).toMatch(/^one\s+v2 abcdef123456\s+v2\s+ok\s+code_bug\s+code_bug\s+ok\s+s\s+s\s+ok\s+0\.50$/m);
    expect(table).toMatch(/^two .* XX /m);
    expect(table).toContain('three: analysis failed: server died');
  });
});
