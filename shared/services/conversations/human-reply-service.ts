import {
  planHumanReply,
  statusAfterHumanReply,
  type ThreadMessage,
} from '../../domain/conversations/conversation';
import { ConflictError, ProviderError, WindowClosedError } from '../../errors';
import { PermanentSendError, RetryableSendError, SendInProgressError } from '../engine/errors';
import type { SendRecordStore } from '../engine/ports';
import type { SendRequest } from '../engine/sender';
import type { SendOutcome } from '../engine/workflow-state';
import type { AutomationGate } from './automation-gate';
import { type ConversationDependencies, loadConversation } from './conversation-service';

/** Send states in which the first request with a key already answered (a later one is its retry). */
const ANSWERED: string[] = ['sent', 'queued', 'uncertain'];

export interface HumanReplyDependencies extends Pick<ConversationDependencies, 'leads' | 'store'> {
  gate: Pick<AutomationGate, 'pause'>;
  /** The workflow's send path (exactly once, delivery log, account health). */
  sender: { send(request: SendRequest): Promise<SendOutcome> };
  records: Pick<SendRecordStore, 'get'>;
  /** The app was granted Meta's Human Agent feature (META_HUMAN_AGENT_ENABLED). */
  humanAgentEnabled: boolean;
  now?: () => Date;
}

/**
 * POST /conversations/{id}/messages: the only inbox operation that sends, so the only one whose Lambda holds the
 * send path (the providers, the vault, the LinkedIn queue).
 */
export class HumanReplyService {
  private readonly now: () => Date;

  constructor(private readonly deps: HumanReplyDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * A member's reply, through the workflow's own send path: one provider call per Idempotency-Key whatever the
   * retries (the send record is the idempotency record: the same key answers the same message, a different
   * text with a used key is a 409). It answers the person's newest message within Meta's windows, does not
   * count against the plan's DM quota (the plan limits automation, not people), and pauses the bot.
   */
  async reply(
    workspaceId: string,
    id: string,
    userId: string,
    text: string,
    idempotencyKey: string,
  ): Promise<{ status: number; message: ThreadMessage }> {
    const record = await loadConversation(this.deps, workspaceId, id);
    const key = `human#${id}#${idempotencyKey}`;
    const existing = await this.deps.records.get(workspaceId, key);
    if (existing && (existing.text !== text || existing.authorUserId !== userId))
      throw new ConflictError('This Idempotency-Key was already used for another reply: use a new key.');
    const last = record.lastInbound;
    if (!last)
      throw new ConflictError('Nothing to answer yet: a reply goes to a person who wrote to the account.');
    const plan = planHumanReply(
      { platform: last.platform, kind: last.kind, occurredAt: last.occurredAt },
      this.now(),
      this.deps.humanAgentEnabled,
    );
    if (!existing && !plan.allowed) throw new WindowClosedError(plan.reason, plan.closedAt);
    const tag = plan.allowed ? plan.tag : null;
    let outcome: SendOutcome;
    try {
      outcome = await this.deps.sender.send({
        message: last,
        action: 'reply',
        text,
        consumesQuota: false,
        scenarioId: null,
        human: { idempotencyKey: key, userId, tag },
      });
    } catch (error) {
      if (error instanceof SendInProgressError)
        throw new ConflictError('This reply is being sent right now: retry with the same Idempotency-Key.');
      if (error instanceof PermanentSendError && error.code === 'outside_window')
        throw new WindowClosedError(
          `${error.message}. The person must write again before anyone can reply.`,
          last.occurredAt,
        );
      if (error instanceof PermanentSendError || error instanceof RetryableSendError)
        throw new ProviderError(last.platform, `The reply was not delivered: ${error.message}`);
      throw error;
    }
    const at = this.now().toISOString();
    // A member answering by hand takes the conversation over: the bot stays silent until resumed.
    await this.deps.gate.pause(workspaceId, id, 'human_reply');
    // A retried key answers the first request's message, whatever its delivery reached (sent, or still queued
    // at a worker such as LinkedIn's browser): 200, and the inbox fields were moved by the first request.
    const retry =
      outcome.status === 'already_sent' || (existing !== undefined && ANSWERED.includes(existing.status));
    if (!retry)
      await this.deps.store.change(workspaceId, id, (current) => ({
        status: statusAfterHumanReply(current?.status ?? 'open'),
        lastMessageAt: current?.lastMessageAt && current.lastMessageAt > at ? current.lastMessageAt : at,
        lastMessageText: text,
        lastHumanAt: at,
      }));
    const sent = await this.deps.records.get(workspaceId, key);
    return {
      status: retry ? 200 : 201,
      message: {
        id: key,
        direction: 'out',
        author: 'human',
        authorUserId: userId,
        text,
        at: sent?.createdAt ?? at,
        kind: 'reply',
        scenarioId: null,
        deliveryStatus: sent?.status ?? outcome.status,
      },
    };
  }
}
