// Metrics of alerts in and messages out, registered on the service's registry.
import { Counter, type Registry } from 'prom-client';

export interface AlertMetrics {
  alerts: Counter<'source' | 'outcome'>;
  deliveries: Counter<'channel' | 'outcome'>;
  takeovers: Counter;
}

export function createAlertMetrics(registry: Registry): AlertMetrics {
  return {
    alerts: new Counter({
      name: 'incident_pilot_alerts_total',
      help: 'Alert notifications by source and outcome (started, joined, resolved, shed, ignored, refused)',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'incident_pilot_deliveries_total',
      help: 'Outbound messages by channel and outcome (sent, retried, failed)',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    takeovers: new Counter({
      name: 'incident_pilot_investigation_takeovers_total',
      help: 'Investigations this replica took over from one that stopped renewing its lease',
      registers: [registry],
    }),
  };
}
