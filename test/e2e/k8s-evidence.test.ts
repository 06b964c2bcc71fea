// End to end: an incident with Kubernetes files gets evidence from the k8s server in its report.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, SHARED_SCENARIOS } from './helpers.js';

const SCENARIO = join(SHARED_SCENARIOS, 'inventory-oom');

describe.skipIf(!existsSync(SCENARIO))('analyze with k8s files', () => {
  it('cites the k8s server (OOMKilled pods) as evidence', () => {
    const out = execFileSync(process.execPath, [BIN, 'analyze', '--data', SCENARIO, '--json'], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 120_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const report = JSON.parse(out) as {
      sources: Record<string, string>;
      evidence: Array<{ source: string; summary: string }>;
      toolCalls: Array<{ server: string }>;
    };
    expect(report.sources.k8s).toBe('ok');
    expect(report.toolCalls.some((c) => c.server === 'k8s')).toBe(true);
    const k8s = report.evidence.filter((e) => e.source === 'k8s');
    expect(k8s.some((e) => /OOMKilled/.test(e.summary))).toBe(true);
  }, 150_000);
});
