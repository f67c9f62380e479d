import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricDimension, MetricName } from './metric-names';

/**
 * EMF metrics under the FlowIA namespace. In Lambda, Powertools writes them to stdout as Embedded Metric Format
 * and CloudWatch extracts them (no PutMetricData call, no latency). The local stage and the tests silence them
 * (see `metricsOutputEnabled`), so a developer's terminal shows logs, not EMF blobs.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

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
export function countMetric(name: MetricName, value = 1, dimensions?: Record<string, string>): void {
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

export { METRICS_NAMESPACE, MetricName };
