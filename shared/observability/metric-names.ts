/**
 * The custom metrics' names, in a module without SDK imports so the CDK dashboard reads the very same constants
 * the functions write with (shared/observability/metrics.ts).
 */
export const METRICS_NAMESPACE = 'FlowIA';
/** Powertools adds this dimension to every metric (serviceName of the Metrics instance). */
export const METRICS_SERVICE = 'flow-ia';

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
