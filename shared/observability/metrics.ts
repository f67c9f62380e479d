import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * EMF metrics under the FlowIA namespace. In Lambda, Powertools writes them to stdout as Embedded Metric Format
 * and CloudWatch extracts them; elsewhere they are flushed the same way (the local stage sets them to no-op).
 */
export const metrics = new Metrics({ namespace: 'FlowIA', serviceName: 'flow-ia' });

export function countMetric(name: string, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

export { MetricUnit };
