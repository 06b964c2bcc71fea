import { describe, expect, it } from 'vitest';
import { activeK8sFailures, findK8sReasons } from '../../src/engine/k8s.js';
import { classifyCluster } from '../../src/engine/category.js';
import { getEventsOutput, getPodsOutput, type PodOut } from '../../src/core/contracts/k8s.js';

// Whole tool answers, checked against the contracts the engine parses them with.
const pod = (
  name: string,
  state: string,
  problems: string[],
  last: string | null = null,
  phase = 'Running',
): PodOut => ({
  name,
  namespace: 'default',
  phase,
  ready: '0/1',
  restarts: 3,
  node: 'node-1',
  age: '1h',
  owner: null,
  problems,
  containers: state
    ? [
        {
          name: 'app',
          ready: false,
          restarts: 3,
          image: 'app:1',
          state,
          lastTermination: last ? { reason: last, exitCode: 137, finishedAt: null } : null,
        },
      ]
    : [],
});
const podsOf = (pods: PodOut[]) =>
  getPodsOutput.parse({ namespace: 'default', labelSelector: null, pods, total: pods.length, unhealthy: pods.length });
const eventsOf = (events: Array<{ type: string; reason: string; object: string; lastTime: string; message: string }>) =>
  getEventsOutput.parse({
    namespace: 'default',
    events: events.map((e) => ({ ...e, count: 1, firstTime: e.lastTime })),
    total: events.length,
    byReason: [],
  });
const END = Date.parse('2026-04-18T10:00:00Z');

describe('activeK8sFailures', () => {
  it('reports pods that cannot run now, with the OOM kill behind a crash loop', () => {
    const pods = podsOf([
      pod('api-1', 'waiting: CrashLoopBackOff', ['api: CrashLoopBackOff'], 'OOMKilled'),
      pod('api-2', 'running', []),
    ]);
    const found = activeK8sFailures(pods, eventsOf([]), END);
    expect(found).toEqual([{ reason: 'OOMKilled', object: 'api-1', detail: 'last terminated OOMKilled (exit 137)' }]);
    expect(classifyCluster(found, [])).toBe('memory_leak');
  });

  it('ignores terminating pods, old warnings and warnings about pods that run fine now', () => {
    const pods = podsOf([
      pod('old-1', 'waiting: CrashLoopBackOff', ['terminating (deletion requested at x)', 'api: CrashLoopBackOff']),
      pod('api-2', 'running', []),
    ]);
    const events = eventsOf([
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        object: 'Pod/api-2',
        lastTime: '2026-04-18T09:58:00Z',
        message: 'Insufficient cpu',
      },
      {
        type: 'Warning',
        reason: 'FailedScheduling',
        object: 'Pod/api-9',
        lastTime: '2026-04-18T08:00:00Z',
        message: 'Insufficient cpu',
      },
    ]);
    expect(activeK8sFailures(pods, events, END)).toEqual([]);
  });
});

describe('pods the node stopped reporting', () => {
  it('are a network failure now', () => {
    const pods = podsOf([pod('api-3', '', ['phase Unknown'], null, 'Unknown')]);
    const found = activeK8sFailures(pods, eventsOf([]), END);
    expect(found.map((f) => f.reason)).toEqual(['NodeLost']);
    expect(classifyCluster(found, [])).toBe('network');
  });
});

describe('findK8sReasons', () => {
  it('names the pod (not its container) behind an OOM kill, a waiting reason and a warning event', () => {
    const pods = podsOf([pod('api-1', 'waiting: CrashLoopBackOff', ['api: CrashLoopBackOff'], 'OOMKilled')]);
    const events = eventsOf([
      {
        type: 'Warning',
        reason: 'Evicted',
        object: 'Pod/api-7',
        lastTime: '2026-04-18T09:58:00Z',
        message: 'low on disk',
      },
    ]);
    expect(findK8sReasons(pods, events)).toEqual([
      { reason: 'OOMKilled', object: 'api-1', detail: 'exit code 137' },
      { reason: 'CrashLoopBackOff', object: 'api-1', detail: 'waiting: CrashLoopBackOff' },
      { reason: 'Evicted', object: 'api-7', detail: 'low on disk' },
    ]);
  });
});
