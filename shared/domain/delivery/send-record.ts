/**
 * The send record: one per (interaction, outgoing action), the workflow's exactly-once guard around a provider
 * call that cannot be undone. Its life:
 *
 *   (none) ──claim──▶ sending ──provider ok──────────▶ sent        (final: retries skip)
 *     ▲                  │ ├──retryable failure──▶ retry_wait ──claim──▶ sending …
 *     │                  │ ├──quota refused──────▶ quota_blocked ─claim (follow-up)──▶ sending …
 *     │                  │ ├──permanent failure──▶ failed      (final)
 *     │                  │ ├──account cannot send─▶ account_blocked ─claim (after reconnect)──▶ sending …
 *     │                  │ └──handed to a worker──▶ queued ──worker done──▶ sent | failed  (LinkedIn's browser)
 *     │                  └──lease expired (worker died mid-call)──▶ uncertain (final: never resent)
 *
 * A stale "sending" means the provider may or may not have delivered: resending could duplicate a DM, so it
 * becomes "uncertain" and is surfaced on the lead instead. An auth failure (expired token, logged-out session)
 * proves nothing was delivered, so `account_blocked` stays open: once the account is reconnected, the recovered
 * interaction is sent by the next attempt of the same record.
 */
export const SEND_STATUSES = [
  'sending',
  'sent',
  'retry_wait',
  'quota_blocked',
  'failed',
  'uncertain',
  'account_blocked',
  'queued',
] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

export interface SendAttempt {
  attempt: number;
  at: string;
  outcome: 'sent' | 'queued' | 'retry' | 'failed' | 'uncertain' | 'quota_blocked';
  providerMessageId?: string;
  /** The provider's mapped error (code, retryable, provider code), never a token. */
  failure?: { code: string; retryable: boolean; providerCode?: string; retryAfterSeconds?: number };
  explanation: string;
}

export interface SendRecord {
  workspaceId: string;
  idempotencyKey: string;
  dedupeKey: string;
  action: 'reply' | 'dm' | 'private_reply';
  status: SendStatus;
  /** Number of the current (or last) attempt, 1-based. */
  attempt: number;
  /** When the current "sending" claim started: the lease runs from here. */
  startedAt: string;
  /** The quota day a DM unit was taken from, so a retry does not take a second one. */
  quotaDay: string | null;
  providerMessageId: string | null;
  text: string;
  explanation: string | null;
  attempts: SendAttempt[];
  updatedAt: string;
  /** When the first attempt started; the delivery log orders by it (stable across attempts). */
  createdAt?: string;
  /** Delivery-log context: who was answered, where, and by which scenario (absent on pre-log records). */
  leadId?: string;
  accountId?: string;
  platform?: string;
  scenarioId?: string | null;
  /** Who wrote it: the bot (automatic reply, the default) or a member replying from the inbox. */
  author?: 'bot' | 'human';
  authorUserId?: string | null;
  /**
   * The funnel's anchor (domain/analytics/funnel.ts), written with the claim: the post, the A/B version, the
   * day the scenario was triggered (the message's day, UTC), and `dm`: a DM the funnel credits receipts and
   * answers to (not a public reply, nor a follow-up sequence's nudge).
   */
  mediaId?: string | null;
  variantId?: string | null;
  funnelDay?: string;
  dm?: boolean;
  /** When the funnel counted this DM delivered, read, answered… (each set once: the counter's guard). */
  deliveredAt?: string;
  readAt?: string;
  answeredAt?: string;
  contactCapturedAt?: string;
  wonAt?: string;
}

/** The send record's attribute that says a later funnel step was counted for it. */
export const TOUCH_MARKS = {
  delivered: 'deliveredAt',
  read: 'readAt',
  answered: 'answeredAt',
  contactCaptured: 'contactCapturedAt',
  won: 'wonAt',
} as const;
export type TouchStep = keyof typeof TOUCH_MARKS;

/** Final for the workflow: 'queued' belongs to the worker it was handed to, which settles it. */
const FINAL: SendStatus[] = ['sent', 'failed', 'uncertain', 'queued'];

export type SendPlan =
  | { kind: 'final'; status: SendStatus }
  | { kind: 'busy' }
  | { kind: 'stale' }
  | { kind: 'attempt'; attempt: number; previous: SendRecord | undefined };

/** What a send step should do given the record it read. */
export function planSend(record: SendRecord | undefined, now: Date, leaseMs: number): SendPlan {
  if (!record) return { kind: 'attempt', attempt: 1, previous: undefined };
  if (FINAL.includes(record.status)) return { kind: 'final', status: record.status };
  if (record.status === 'sending')
    return Date.parse(record.startedAt) + leaseMs > now.getTime() ? { kind: 'busy' } : { kind: 'stale' };
  return { kind: 'attempt', attempt: record.attempt + 1, previous: record };
}

export const UNCERTAIN_EXPLANATION =
  'delivery uncertain: the sender stopped while the provider was being called; not resent to avoid a duplicate';
