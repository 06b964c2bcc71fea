import { describe, expect, it } from 'vitest';
import { serviceOfLabels } from '../../../src/servers/metrics/labels.js';

describe('serviceOfLabels', () => {
  it('prefers service, then app, then job', () => {
    expect(serviceOfLabels({ job: 'j', app: 'a' })).toBe('a');
    expect(serviceOfLabels({ job: 'j', service: 's' })).toBe('s');
    expect(serviceOfLabels({ instance: 'x' })).toBeNull();
  });
});
