import { dayOf, sendCounter } from '../../domain/analytics/funnel';
import { QUOTA_REACHED_REASON } from '../../domain/decisions/decide';
import { checkMessagingWindow, type OutgoingAction } from '../../domain/decisions/messaging-window';
import {
  planSend,
  type SendAttempt,
  type SendRecord,
  UNCERTAIN_EXPLANATION,
} from '../../domain/delivery/send-record';
import { leadIdOf } from '../../domain/leads/lead';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import { type ProviderName, providerOf } from '../../domain/messages/platforms';
import { hasRichContent, type RichContent } from '../../domain/scenarios/actions';
import { webhookMessage } from '../../domain/webhooks/payloads';
import { DEFAULT_TIMEZONE } from '../../domain/workspaces/timezone';
import { ProviderNotConfiguredError } from '../../errors';
import { logger } from '../../observability/logger';
import type { AccountHealthReporter } from '../account-health/ports';
import type { NotificationService } from '../notifications/notification-service';
import type { QuotaService } from '../quota/quota-service';
import type {
  OutgoingMessage,
  SendFailure,
  SocialAccount,
  SocialAccountStore,
  SocialProvider,
} from '../social/ports';
import type { WebhookEvents } from '../webhooks/webhook-emitter';
import { PermanentSendError, RetryableSendError, SendInProgressError } from './errors';
import type { WorkspaceReader } from './plan-checker';
import type { SendRecordStore } from './ports';
import { idempotencyKeyOf, type SendOutcome } from './workflow-state';

export interface SendRequest {
  message: IncomingMessage;
  action: OutgoingAction;
  text: string;
  /** A scenario action's quick replies, buttons or cards (domain/scenarios/actions.ts). */
  content?: RichContent;
  /**
   * The send record's key when it is not `<dedupeKey>#<action>`: one per action of a scenario that sends several
   * (stepKeySuffix), so each action is sent exactly once on its own.
   */
  idempotencyKey?: string;
  consumesQuota: boolean;
  /** The scenario that chose to answer, for the delivery log. */
  scenarioId?: string | null;
  /** The lead's version of the scenario's A/B-tested DM (ab-test.ts), for the funnel's per-version counts. */
  variantId?: string | null;
  /** false: not a DM the funnel credits receipts and answers to (a follow-up sequence's nudge). Default true. */
  funnelTouch?: boolean;
  /**
   * A member's reply from the inbox: its own idempotency key (from the request's Idempotency-Key), its author,
   * and Meta's HUMAN_AGENT tag when the reply is past the 24-hour window (never set for automatic answers).
   */
  human?: { idempotencyKey: string; userId: string; tag: 'HUMAN_AGENT' | null };
}

export interface SenderDependencies {
  records: SendRecordStore;
  quota: QuotaService;
  workspaces: WorkspaceReader;
  accounts: Pick<SocialAccountStore, 'get'>;
  provider: (name: ProviderName) => SocialProvider;
  /** An auth failure moves the account to needs_reconnect (status, plain-words error, one notification). */
  health?: Pick<AccountHealthReporter, 'markNeedsReconnect'>;
  /** Permanent delivery failures are announced once a day per workspace (the delivery log has the detail). */
  notifications?: Pick<NotificationService, 'notify'>;
  /** Outbound webhooks: message.sent and message.failed, emitted on the final state of each send. */
  events?: Pick<WebhookEvents, 'emit'>;
  now?: () => Date;
  /** How long a 'sending' claim is trusted: longer than the send step's Lambda timeout. */
  leaseMs?: number;
}

export const DEFAULT_SEND_LEASE_MS = 60_000;

/**
 * The send path shared by the workflow and the follow-ups schedule: exactly one provider call per
 * (interaction, action) that can have delivered, whatever the retries. The claim (a conditional write of
 * 'sending') comes before the provider call; 'sent' with the provider's id after. The DM quota is taken right
 * before the call and given back on a permanent failure. Every attempt is appended to the record, which is
 * also the delivery log's row (lead, platform, scenario, attempts with the provider's answer).
 *
 * An account that cannot send (not active, or the provider says its token is dead) ends the attempt in
 * `account_blocked`: nothing left, so the record stays open for the recovered interaction after a reconnect.
 */
export class Sender {
  private readonly now: () => Date;
  private readonly leaseMs: number;

  constructor(private readonly deps: SenderDependencies) {
    this.now = deps.now ?? (() => new Date());
    this.leaseMs = deps.leaseMs ?? DEFAULT_SEND_LEASE_MS;
  }

  async send(request: SendRequest): Promise<SendOutcome> {
    const { message, action } = request;
    const workspaceId = message.workspaceId;
    const key =
      request.human?.idempotencyKey ?? request.idempotencyKey ?? idempotencyKeyOf(message.dedupeKey, action);
    const outcome = (
      status: SendOutcome['status'],
      explanation: string,
      providerMessageId: string | null = null,
    ) => ({
      status,
      idempotencyKey: key,
      providerMessageId,
      explanation,
    });
    const existing = await this.deps.records.get(workspaceId, key);
    const plan = planSend(existing, this.now(), this.leaseMs);
    if (plan.kind === 'final') {
      const record = existing!;
      const status =
        record.status === 'sent' ? 'already_sent' : (record.status as 'failed' | 'uncertain' | 'queued');
      // A retried step reaches here after a crash that may have come before the event: emitted again (same id).
      if (record.status === 'sent' || record.status === 'failed') await this.emitFinal(record);
      if (record.status === 'failed')
        throw new PermanentSendError(
          record.explanation ?? 'the provider refused this message',
          'failed_before',
        );
      return outcome(status, record.explanation ?? 'sent earlier', record.providerMessageId);
    }
    if (plan.kind === 'busy')
      throw new SendInProgressError('another delivery of this message is sending it now');
    if (plan.kind === 'stale') {
      await this.deps.records.markUncertain(workspaceId, key, existing!.attempt, this.now().toISOString());
      logger.warn('stale send claim marked uncertain', { idempotencyKey: key, attempt: existing!.attempt });
      return outcome('uncertain', UNCERTAIN_EXPLANATION);
    }

    const account = await this.deps.accounts.get(workspaceId, message.accountId);
    if (!account)
      throw new PermanentSendError('the social account is no longer connected', 'account_missing');
    const provider = this.providerFor(message);
    const startedAt = this.now().toISOString();
    const record: SendRecord = {
      createdAt: plan.previous?.createdAt ?? plan.previous?.startedAt ?? startedAt,
      leadId: leadIdOf(workspaceId, message.platform, message.author.platformUserId),
      accountId: message.accountId,
      platform: message.platform,
      scenarioId: request.scenarioId ?? plan.previous?.scenarioId ?? null,
      author: request.human ? 'human' : 'bot',
      authorUserId: request.human?.userId ?? null,
      // The funnel's anchor (services/analytics/funnel-recorder.ts): later receipts and answers find it here.
      mediaId: message.mediaId,
      variantId: request.variantId ?? plan.previous?.variantId ?? null,
      funnelDay: plan.previous?.funnelDay ?? dayOf(message.occurredAt),
      dm: request.funnelTouch !== false && sendCounter(action, message.kind) === 'sent',
      workspaceId,
      idempotencyKey: key,
      dedupeKey: message.dedupeKey,
      action,
      status: 'sending',
      attempt: plan.attempt,
      startedAt,
      quotaDay: plan.previous?.quotaDay ?? null,
      providerMessageId: null,
      text: request.text,
      explanation: null,
      attempts: plan.previous?.attempts ?? [],
      updatedAt: startedAt,
    };
    if (!(await this.deps.records.claim(record, plan.previous)))
      throw new SendInProgressError('another delivery of this message claimed the send first');
    const settle = (status: SendRecord['status'], attempt: Omit<SendAttempt, 'attempt' | 'at'>, extra = {}) =>
      this.deps.records.settle(workspaceId, key, plan.attempt, {
        status,
        attempt: { attempt: plan.attempt, at: this.now().toISOString(), ...attempt },
        ...extra,
      });

    let quotaDay = record.quotaDay;
    if (account.status !== 'active') {
      // The account went down after the decision (e.g. another message's send hit an expired token).
      if (quotaDay !== null) await this.deps.quota.releaseDm(workspaceId, quotaDay);
      const explanation = account.lastError ?? `the ${account.provider} account is ${account.status}`;
      await settle(
        'account_blocked',
        {
          outcome: 'failed',
          failure: { code: `account_${account.status}`, retryable: false },
          explanation,
        },
        { quotaDay: null },
      );
      throw new PermanentSendError(explanation, `account_${account.status}`);
    }
    // The window is checked when the send goes, not only when it was decided: a follow-up or a member's reply
    // goes hours later. Refused before the quota is taken and before any provider call.
    const window = checkMessagingWindow(
      {
        platform: message.platform,
        kind: message.kind,
        action,
        occurredAt: message.occurredAt,
        humanAgent: request.human?.tag === 'HUMAN_AGENT',
      },
      this.now(),
    );
    if (window.open && request.consumesQuota && quotaDay === null) {
      const workspace = await this.deps.workspaces.getWorkspace(workspaceId);
      const consumed = await this.deps.quota.consumeDm({
        id: workspaceId,
        plan: workspace?.plan ?? 'freemium',
        timezone: workspace?.timezone ?? DEFAULT_TIMEZONE,
      });
      if (!consumed.allowed) {
        await settle('quota_blocked', { outcome: 'quota_blocked', explanation: QUOTA_REACHED_REASON });
        return outcome('quota_blocked', QUOTA_REACHED_REASON);
      }
      quotaDay = consumed.day;
    }

    const outgoing: OutgoingMessage = {
      action,
      text: request.text,
      recipient: {
        platformUserId: message.author.platformUserId,
        commentId: message.kind === 'comment' ? message.platformMessageId : null,
        conversationId: message.conversationId,
        mediaId: message.mediaId,
        ...(message.mention ? { mention: true as const } : {}),
      },
      idempotencyKey: key,
      ...(request.human?.tag ? { tag: request.human.tag } : {}),
      ...(request.content && hasRichContent(request.content) ? { content: request.content } : {}),
    };
    let result: Awaited<ReturnType<SocialProvider['send']>>;
    try {
      result = window.open
        ? await provider.send(account, outgoing)
        : {
            status: 'failed',
            failure: { code: 'outside_window', retryable: false, explanation: window.reason },
          };
    } catch (error) {
      // The request may have reached the provider: resending could duplicate the DM, so it is not retried.
      const explanation = `delivery uncertain: the provider call failed without an answer (${(error as Error).name})`;
      await settle('uncertain', { outcome: 'uncertain', explanation }, { quotaDay });
      logger.error('provider call threw: send marked uncertain', {
        idempotencyKey: key,
        error: error as Error,
      });
      return outcome('uncertain', explanation);
    }
    if (result.status === 'sent') {
      await settle(
        'sent',
        { outcome: 'sent', providerMessageId: result.providerMessageId, explanation: 'sent' },
        { providerMessageId: result.providerMessageId, quotaDay },
      );
      await this.emitFinal({
        ...record,
        status: 'sent',
        providerMessageId: result.providerMessageId,
        explanation: 'sent',
        updatedAt: this.now().toISOString(),
      });
      return outcome('sent', 'sent', result.providerMessageId);
    }
    if (result.status === 'queued') {
      const { providerMessageId, explanation } = result;
      await settle(
        'queued',
        { outcome: 'queued', providerMessageId, explanation },
        { providerMessageId, quotaDay },
      );
      return outcome('queued', explanation, providerMessageId);
    }
    const { failure } = result;
    const mapped = {
      code: failure.code,
      retryable: failure.retryable,
      ...(failure.providerCode ? { providerCode: failure.providerCode } : {}),
      ...(failure.retryAfterSeconds !== undefined ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
    };
    if (failure.retryable) {
      await settle(
        'retry_wait',
        { outcome: 'retry', failure: mapped, explanation: failure.explanation },
        { quotaDay },
      );
      throw new RetryableSendError(failure.explanation);
    }
    if (quotaDay !== null) await this.deps.quota.releaseDm(workspaceId, quotaDay);
    const accountDown = failure.code === 'auth_expired';
    await settle(
      accountDown ? 'account_blocked' : 'failed',
      { outcome: 'failed', failure: mapped, explanation: failure.explanation },
      { quotaDay: null },
    );
    if (accountDown) await this.reportAccountDown(account, failure);
    else {
      await this.announceFailure(workspaceId, failure);
      await this.emitFinal({
        ...record,
        status: 'failed',
        explanation: failure.explanation,
        updatedAt: this.now().toISOString(),
      });
    }
    throw new PermanentSendError(failure.explanation, failure.code);
  }

  /** message.sent / message.failed for a send record that reached its final state (ids follow the send's key). */
  private async emitFinal(record: SendRecord): Promise<void> {
    if (!this.deps.events || (record.status !== 'sent' && record.status !== 'failed')) return;
    await this.deps.events.emit(
      record.workspaceId,
      record.status === 'sent' ? 'message.sent' : 'message.failed',
      [record.idempotencyKey],
      { message: webhookMessage(record) },
    );
  }

  private async reportAccountDown(account: SocialAccount, failure: SendFailure): Promise<void> {
    try {
      await this.deps.health?.markNeedsReconnect(account, failure.explanation);
    } catch (error) {
      logger.error('could not mark the account for reconnection', {
        error: error as Error,
        accountId: account.id,
      });
    }
  }

  /**
   * One notice per workspace and day, whatever the number of failures: enough to make failures impossible to
   * miss without flooding; each failure is in the delivery log with its explanation.
   */
  private async announceFailure(workspaceId: string, failure: SendFailure): Promise<void> {
    const day = this.now().toISOString().slice(0, 10);
    try {
      await this.deps.notifications?.notify(workspaceId, {
        kind: 'delivery_failed',
        title: 'Some messages could not be delivered today',
        body: `At least one automated answer was refused, for example: ${failure.explanation}. The delivery log lists every failed message with its reason.`,
        dedupeKey: `delivery_failed:${day}`,
      });
    } catch (error) {
      logger.warn('could not announce a delivery failure', { error: error as Error, workspaceId });
    }
  }

  private providerFor(message: IncomingMessage): SocialProvider {
    try {
      return this.deps.provider(providerOf(message.platform));
    } catch (error) {
      if (error instanceof ProviderNotConfiguredError)
        throw new PermanentSendError(error.message, 'provider_not_configured');
      throw error;
    }
  }
}
