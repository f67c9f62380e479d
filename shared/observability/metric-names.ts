/**
 * The custom metrics' names, in a module without SDK imports so the CDK dashboard reads the very same constants
 * the functions write with (shared/observability/metrics.ts).
 */
export const METRICS_NAMESPACE = 'FlowIA';
/** Powertools adds this dimension to every metric (serviceName of the Metrics instance). */
export const METRICS_SERVICE = 'flow-ia';

/**
 * The project's custom metric names: the ONE list. Every name here has a production emit site (checked by
 * test/unit/observability/metric-names.test.ts), and the dashboard and alarms name only these (checked by
 * test/infra/monitoring.test.ts), so no graph searches a metric nothing writes.
 */
export const MetricName = {
  /** One per incoming message the workflow finished (whatever the decision): functions/workflow/log-interaction.ts. */
  MessagesProcessed: 'MessagesProcessed',
  /** DMs and private replies actually sent to a provider: functions/workflow/send.ts. */
  DmsSent: 'DmsSent',
  /** A workflow step that failed; carries the `Step` dimension: shared/workflow/step.ts. */
  StepFailures: 'StepFailures',
  /** A message the workflow gave back to its queue (partial-batch failure): functions/workflow/report-batch.ts. */
  MessagesFailed: 'MessagesFailed',
  /** Follow-ups the schedule sent: functions/schedules/follow-ups.ts. */
  FollowUpsSent: 'FollowUpsSent',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** Dimension names, kept few on purpose: each distinct combination is a billed custom metric. */
export const MetricDimension = { Step: 'Step' } as const;
