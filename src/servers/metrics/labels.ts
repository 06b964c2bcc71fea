// Which service a metric series belongs to, from the labels exporters commonly set.

/**
 * Labels that name what a series describes, most specific first. A Kafka exporter's lag is the consumer group's;
 * a cloud exporter's (YACE, Stackdriver) series name the stream, table, queue or bucket in a dimension label;
 * `job` and `container` only say which scrape or process reported it.
 */
const SERVICE_LABELS = [
  'service',
  'service_name',
  'app',
  'application',
  'app_kubernetes_io_name',
  'consumergroup',
  'consumer_group',
];
const RESOURCE_LABEL = /^dimension_\w*(?:Name|Identifier|Id)$|^(?:bucket|queue|table|stream|topic_group)_name$/;
const REPORTER_LABELS = ['job', 'container'];

/** The service a series belongs to, from its usual labels; null when none says. */
export function serviceOfLabels(labels: Record<string, string>): string | null {
  for (const k of SERVICE_LABELS) if (labels[k]) return labels[k];
  for (const [k, v] of Object.entries(labels)) if (v && RESOURCE_LABEL.test(k)) return v;
  for (const k of REPORTER_LABELS) if (labels[k]) return labels[k];
  return null;
}
