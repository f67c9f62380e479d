import type { ConversationState } from '../../domain/conversations/automation';
import {
  type ConversationStatus,
  isUnread,
  type ThreadMessage,
} from '../../domain/conversations/conversation';
import { NotFoundError, ValidationError } from '../../errors';
import type { AutomationGate } from './automation-gate';
import {
  blankConversation,
  type ConversationFilter,
  type ConversationRecord,
  type ConversationStore,
} from './ports';

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
  members: { getMember(workspaceId: string, userId: string): Promise<unknown | undefined> };
  /** The workspace's retention: the thread shows nothing older than its cutoff. */
  retention: { cutoff(workspaceId: string): Promise<string> };
  now?: () => Date;
}

/** The conversation record, or a blank one for a lead logged before the inbox existed; 404 otherwise. */
export async function loadConversation(
  deps: Pick<ConversationDependencies, 'store' | 'leads'>,
  workspaceId: string,
  id: string,
): Promise<ConversationRecord> {
  const record = await deps.store.record(workspaceId, id);
  if (record) return record;
  if (!(await deps.leads.get(workspaceId, id))) throw new NotFoundError('Conversation not found.');
  return blankConversation(id);
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

  private load(workspaceId: string, id: string): Promise<ConversationRecord> {
    return loadConversation(this.deps, workspaceId, id);
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
