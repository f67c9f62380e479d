import type { SendRecord } from './send-record';

export interface DeliveryAttemptView {
  attempt: number;
  at: string;
  outcome: string;
  /** The provider's id of the delivered message (its answer on success). */
  providerMessageId: string | null;
  /** The provider's mapped error: our code, whether a retry may help, the provider's own code. */
  error: { code: string; retryable: boolean; providerCode: string | null } | null;
  /** Plain words, e.g. "outside the 24-hour window: the person must write first". */
  explanation: string;
}

/** One outgoing message of the delivery log, as the API shows it (no token, no internal key). */
export interface DeliveryView {
  id: string;
  leadId: string | null;
  accountId: string | null;
  platform: string | null;
  scenarioId: string | null;
  /** The interaction answered (its dedupe key). */
  interactionKey: string;
  action: SendRecord['action'];
  text: string;
  status: SendRecord['status'];
  explanation: string | null;
  providerMessageId: string | null;
  attempts: DeliveryAttemptView[];
  createdAt: string;
  updatedAt: string;
}

export function toDeliveryView(record: SendRecord): DeliveryView {
  return {
    id: record.idempotencyKey,
    leadId: record.leadId ?? null,
    accountId: record.accountId ?? null,
    platform: record.platform ?? null,
    scenarioId: record.scenarioId ?? null,
    interactionKey: record.dedupeKey,
    action: record.action,
    text: record.text,
    status: record.status,
    explanation: record.explanation,
    providerMessageId: record.providerMessageId,
    attempts: record.attempts.map((attempt) => ({
      attempt: attempt.attempt,
      at: attempt.at,
      outcome: attempt.outcome,
      providerMessageId: attempt.providerMessageId ?? null,
      error: attempt.failure
        ? {
            code: attempt.failure.code,
            retryable: attempt.failure.retryable,
            providerCode: attempt.failure.providerCode ?? null,
          }
        : null,
      explanation: attempt.explanation,
    })),
    createdAt: record.createdAt ?? record.startedAt,
    updatedAt: record.updatedAt,
  };
}
