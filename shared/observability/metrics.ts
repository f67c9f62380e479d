import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * EMF metrics under the FlowIA namespace. In Lambda, Powertools writes them to stdout as Embedded Metric Format
 * and CloudWatch extracts them (no PutMetricData call, no latency). The local stage and the tests silence them
 * (see `metricsOutputEnabled`), so a developer's terminal shows logs, not EMF blobs.
 */
export const METRICS_NAMESPACE = 'FlowIA';
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'flow-ia' });

/** The project's custom metric names; the CloudWatch dashboard reads the same constants. */
export const MetricName = {
  /** One per incoming message the workflow finished (whatever the decision). */
  MessagesProcessed: 'MessagesProcessed',
  /** DMs and private replies actually sent to a provider. */
  DmsSent: 'DmsSent',
  /** Public comment replies actually posted. */
  RepliesSent: 'RepliesSent',
  /** Calls to the AI engine (OpenAI or the rule engine). */
  AiCalls: 'AiCalls',
  /** A workflow step that failed; carries the `Step` dimension. */
  StepFailures: 'StepFailures',
  /** Webhook deliveries accepted (signature valid); carries the `Provider` dimension. */
  WebhookEvents: 'WebhookEvents',
  /** Webhook deliveries rejected for a bad or missing signature. */
  WebhookSignatureFailures: 'WebhookSignatureFailures',
  /** Sends refused because the workspace's daily DM quota is spent. */
  QuotaExceeded: 'QuotaExceeded',
  /** Leads created or updated. */
  LeadsUpserted: 'LeadsUpserted',
  /** Leads pushed to a CRM (Sheets, Notion, Airtable). */
  CrmSyncs: 'CrmSyncs',
} as const;
export type MetricName = (typeof MetricName)[keyof typeof MetricName];

/** Dimension names, kept few on purpose: each distinct combination is a billed custom metric. */
export const MetricDimension = { Step: 'Step', Provider: 'Provider' } as const;

let outputOverride: boolean | undefined;

/**
 * Whether EMF lines are written: `POWERTOOLS_METRICS_DISABLED` wins when set; otherwise every stage but
 * `local` writes them. Read at flush time so the local stage (which sets STAGE after modules load) is honoured.
 */
export function metricsOutputEnabled(): boolean {
  if (outputOverride !== undefined) return outputOverride;
  const disabled = process.env.POWERTOOLS_METRICS_DISABLED;
  if (disabled !== undefined && disabled !== '') return !/^(1|true|yes|on)$/i.test(disabled);
  return (process.env.STAGE ?? 'local') !== 'local';
}

/** Forces EMF output on or off (tests); `undefined` returns to the environment's choice. */
export function setMetricsOutput(enabled: boolean | undefined): void {
  outputOverride = enabled;
}

/**
 * Adds to a metric. Without dimensions it is stored and flushed by `publishMetrics()` at the end of the
 * invocation; with dimensions it is written at once as its own EMF document, so a `Step` dimension never leaks
 * onto the invocation's other metrics.
 */
export function countMetric(name: MetricName | string, value = 1, dimensions?: Record<string, string>): void {
  if (!dimensions || Object.keys(dimensions).length === 0) {
    metrics.addMetric(name, MetricUnit.Count, value);
    return;
  }
  if (!metricsOutputEnabled()) return;
  const single = metrics.singleMetric();
  for (const [key, dimensionValue] of Object.entries(dimensions)) single.addDimension(key, dimensionValue);
  single.addMetric(name, MetricUnit.Count, value);
}

/** A failed workflow step, by step name (logInteraction, send, upsertLead…). */
export function countStepFailure(step: string): void {
  countMetric(MetricName.StepFailures, 1, { [MetricDimension.Step]: step });
}

/** Writes the stored metrics as one EMF line (or drops them when output is off); silent when there are none. */
export function publishMetrics(): void {
  if (!metrics.hasStoredMetrics()) return;
  if (metricsOutputEnabled()) {
    metrics.publishStoredMetrics();
    return;
  }
  metrics.clearMetrics();
  metrics.clearDimensions();
  metrics.clearMetadata();
}

export { MetricUnit };
