import { describe, expect, it } from 'vitest';
import { activeK8sFailures } from '../../src/engine/k8s.js';
import { classifyCluster } from '../../src/engine/category.js';

const pod = (name: string, state: string, problems: string[], last: string | null = null) => ({
  name,
  phase: 'Running',
  problems,
  containers: [{ state, lastTermination: last ? { reason: last, exitCode: 137 } : null }],
});
const END = Date.parse('2026-04-18T10:00:00Z');

describe('activeK8sFailures', () => {
  it('reports pods that cannot run now, with the OOM kill behind a crash loop', () => {
    const pods = { pods: [pod('api-1', 'waiting: CrashLoopBackOff', ['api: CrashLoopBackOff'], 'OOMKilled'), pod('api-2', 'running', [])] };
    const found = activeK8sFailures(pods, { events: [] }, END);
    expect(found).toEqual([{ reason: 'OOMKilled', object: 'api-1', detail: 'last terminated OOMKilled (exit 137)' }]);
    expect(classifyCluster(found, [])).toBe('memory_leak');
  });

  it('ignores terminating pods, old warnings and warnings about pods that run fine now', () => {
    const pods = { pods: [pod('old-1', 'waiting: CrashLoopBackOff', ['terminating (deletion requested at x)', 'api: CrashLoopBackOff']), pod('api-2', 'running', [])] };
    const events = {
      events: [
        { type: 'Warning', reason: 'FailedScheduling', object: 'Pod/api-2', lastTime: '2026-04-18T09:58:00Z', message: 'Insufficient cpu' },
        { type: 'Warning', reason: 'FailedScheduling', object: 'Pod/api-9', lastTime: '2026-04-18T08:00:00Z', message: 'Insufficient cpu' },
      ],
    };
    expect(activeK8sFailures(pods, events, END)).toEqual([]);
  });
});

describe('pods the node stopped reporting', () => {
  it('are a network failure now', () => {
    const pods = { pods: [{ name: 'api-3', phase: 'Unknown', problems: ['phase Unknown'], containers: [] }] };
    const found = activeK8sFailures(pods, { events: [] }, END);
    expect(found.map((f) => f.reason)).toEqual(['NodeLost']);
    expect(classifyCluster(found, [])).toBe('network');
  });
});
