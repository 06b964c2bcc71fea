import { describe, expect, it } from 'vitest';
import { summarizePod } from '../../../src/servers/k8s/pods.js';

describe('pod problems', () => {
  it('marks a pod being deleted as terminating, first', () => {
    const pod = {
      metadata: { name: 'api-old-1', namespace: 'prod', deletionTimestamp: '2026-04-18T09:38:00Z' },
      status: {
        phase: 'Running',
        containerStatuses: [
          { name: 'api', ready: false, restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    };
    const out = summarizePod(pod, Date.parse('2026-04-18T09:40:00Z'));
    expect(out.problems[0]).toMatch(/^terminating/);
  });
});
