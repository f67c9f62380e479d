import type { ConversationState } from '../../domain/conversations/automation';
import {
  type ConversationStatus,
  isUnread,
  planHumanReply,
  statusAfterHumanReply,
  type ThreadMessage,
} from '../../domain/conversations/conversation';
import {
  ConflictError,
  NotFoundError,
  ProviderError,
  ValidationError,
  WindowClosedError,
} from '../../errors';
import { PermanentSendError, RetryableSendError, SendInProgressError } from '../engine/errors';
import type { SendRecordStore } from '../engine/ports';
import type { SendRequest } from '../engine/sender';
import type { SendOutcome } from '../engine/workflow-state';
import type { AutomationGate } from './automation-gate';
import {
  blankConversation,
  type ConversationFilter,
  type ConversationRecord,
  type ConversationStore,
} from './ports';

/** Send states in which the first request with a key already answered (a later one is its retry). */
const ANSWERED: string[] = ['sent', 'queued', 'uncertain'];

/** Messages of the thread shown per page (newest page first, each page oldest first). */
export const THREAD_PAGE = 100;

export interface ConversationView extends ConversationState {
  id: string;
  leadId: string;
  platform: string | null;
  contact: ConversationRecord['contact'];
  status: ConversationStatus;
  assigneeId: string | null;
  lastMessageAt: string | null;
  lastMessageText: string | null;
  /** Something the person wrote after the caller last opened the thread. */
  unread: boolean;
}

export interface ConversationDependencies {
  leads: { get(workspaceId: string, leadId: string): Promise<unknown | undefined> };
  store: ConversationStore;
  gate: AutomationGate;
  /** The workflow's send path (exactly once, delivery log, account health). */
  sender: { send(request: SendRequest): Promise<SendOutcome> };
  records: Pick<SendRecordStore, 'get'>;
  members: { getMember(workspaceId: string, userId: string): Promise<unknown | undefined> };
  /** The app was granted Meta's Human Agent feature (META_HUMAN_AGENT_ENABLED). */
  humanAgentEnabled: boolean;
  /** The workspace's retention: the thread shows nothing older than its cutoff. */
  retention: { cutoff(workspaceId: string): Promise<string> };
  now?: () => Date;
}

const view = (record: ConversationRecord, state: ConversationState, readerId: string): ConversationView => ({
  id: record.leadId,
  leadId: record.leadId,
  platform: record.platform,
  contact: record.contact,
  status: record.status,
  assigneeId: record.assigneeId,
  lastMessageAt: record.lastMessageAt,
  lastMessageText: record.lastMessageText,
  unread: isUnread(record.lastInboundAt, record.readAt[readerId] ?? null),
  ...state,
});

/**
 * The inbox: a conversation is one lead's thread (its id is the lead id), read in the caller's workspace
 * partition only, so another workspace's id is a 404, never a leak.
 */
export class ConversationService {
  private readonly now: () => Date;

  constructor(private readonly deps: ConversationDependencies) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The conversation record, or a blank one for a lead logged before the inbox existed; 404 otherwise. */
  private async load(workspaceId: string, id: string): Promise<ConversationRecord> {
    const record = await this.deps.store.record(workspaceId, id);
    if (record) return record;
    if (!(await this.deps.leads.get(workspaceId, id))) throw new NotFoundError('Conversation not found.');
    return blankConversation(id);
  }

  async list(workspaceId: string, readerId: string, filter: ConversationFilter) {
    const page = await this.deps.store.list(workspaceId, readerId, filter);
    return {
      items: page.items.map((record) => view(record, record, readerId)),
      nextCursor: page.nextCursor,
    };
  }

  /** The conversation with its thread; opening it marks it read for the reader. */
  async get(
    workspaceId: string,
    id: string,
    readerId: string,
    cursor?: string,
  ): Promise<ConversationView & { messages: ThreadMessage[]; messagesCursor: string | null }> {
    const record = await this.load(workspaceId, id);
    const state = await this.deps.gate.get(workspaceId, id);
    const since = await this.deps.retention.cutoff(workspaceId);
    const thread = await this.deps.store.thread(workspaceId, id, THREAD_PAGE, cursor, since);
    if (record.lastInboundAt) {
      await this.deps.store.markRead(workspaceId, id, readerId, this.now().toISOString());
      record.readAt[readerId] = this.now().toISOString();
    }
    return { ...view(record, state, readerId), messages: thread.messages, messagesCursor: thread.nextCursor };
  }

  async pause(workspaceId: string, id: string, readerId: string) {
    const record = await this.load(workspaceId, id);
    return view(record, await this.deps.gate.pause(workspaceId, id, 'manual'), readerId);
  }

  /** Resume never lifts an opt-out: only the person can, by writing START. */
  async resume(workspaceId: string, id: string, readerId: string) {
    const record = await this.load(workspaceId, id);
    return view(record, await this.deps.gate.resume(workspaceId, id), readerId);
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
    const record = await this.load(workspaceId, id);
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

  /** Assign to a member of the workspace (or null to unassign) and/or set the status. */
  async update(
    workspaceId: string,
    id: string,
    readerId: string,
    changes: { assigneeId?: string | null | undefined; status?: ConversationStatus | undefined },
  ) {
    await this.load(workspaceId, id);
    if (changes.assigneeId && !(await this.deps.members.getMember(workspaceId, changes.assigneeId)))
      throw new ValidationError('The assignee is not a member of this workspace.', [
        { path: 'assigneeId', message: 'not a member of this workspace' },
      ]);
    const updated = await this.deps.store.change(workspaceId, id, (current) => ({
      ...(changes.assigneeId !== undefined ? { assigneeId: changes.assigneeId } : {}),
      ...(changes.status ? { status: changes.status } : {}),
      // A conversation with no message yet still gets its list keys once it is touched.
      lastMessageAt: current?.lastMessageAt ?? this.now().toISOString(),
    }));
    const state = await this.deps.gate.get(workspaceId, id);
    return view(updated!, state, readerId);
  }
}
