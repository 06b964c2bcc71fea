import { describe, expect, it } from 'vitest';
import { componentOfLabels, parseAlertmanagerPayload } from '../../src/core/alert.js';

const payload = {
  version: '4',
  groupKey: '{}:{alertname="PaymentsApiHighLatency"}',
  status: 'firing',
  receiver: 'incident-pilot',
  groupLabels: { alertname: 'PaymentsApiHighLatency' },
  commonLabels: { alertname: 'PaymentsApiHighLatency', service: 'payments-api', severity: 'page' },
  commonAnnotations: { summary: 'payments timing out' },
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'PaymentsApiHighLatency', service: 'payments-api', severity: 'page' },
      annotations: { summary: 'payments timing out' },
      startsAt: '2025-12-03T09:23:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: 'a1b2c3d4e5f60718',
    },
    {
      status: 'firing',
      labels: { alertname: 'PaymentsApiHighLatency', service: 'payments-api', severity: 'page', pod: 'payments-api-1' },
      annotations: { summary: 'payments timing out' },
      startsAt: '2025-12-03T09:21:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: 'ffff',
    },
  ],
};

describe('parseAlertmanagerPayload', () => {
  it('takes the summary, the earliest start, the component and the fingerprints', () => {
    const a = parseAlertmanagerPayload(payload);
    expect(a.text).toBe('payments timing out');
    expect(new Date(a.startsAt).toISOString()).toBe('2025-12-03T09:21:00.000Z');
    expect(a.component).toBe('payments-api');
    expect(a.status).toBe('firing');
    expect(a.endsAt).toBeNull();
    expect(a.fingerprints).toEqual(['a1b2c3d4e5f60718', 'ffff']);
    expect(a.groupKey).toBe('{}:{alertname="PaymentsApiHighLatency"}');
  });

  it('falls back to the alert name when there is no summary, and reads a resolved group', () => {
    const a = parseAlertmanagerPayload({
      ...payload,
      status: 'resolved',
      commonAnnotations: {},
      alerts: [{ ...payload.alerts[0], status: 'resolved', annotations: {}, endsAt: '2025-12-03T10:00:00Z' }],
    });
    expect(a.text).toBe('PaymentsApiHighLatency');
    expect(a.status).toBe('resolved');
    expect(new Date(a.endsAt!).toISOString()).toBe('2025-12-03T10:00:00.000Z');
  });

  it("names the bad field of a payload that is not Alertmanager's", () => {
    expect(() => parseAlertmanagerPayload({ status: 'firing', alerts: [] })).toThrow(/alerts/);
    expect(() =>
      parseAlertmanagerPayload({ ...payload, alerts: [{ ...payload.alerts[0], startsAt: 'soon' }] }),
    ).toThrow(/startsAt/);
  });

  it('reads the component from the usual labels, instance without its port', () => {
    expect(componentOfLabels({ job: 'node', instance: 'db-1:9100' })).toBe('node');
    expect(componentOfLabels({ instance: 'db-1:9100' })).toBe('db-1');
    expect(componentOfLabels({ severity: 'page' })).toBeNull();
  });
});
