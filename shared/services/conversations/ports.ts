import type { ConversationState } from '../../domain/conversations/automation';
import type { ConversationStatus, ThreadMessage } from '../../domain/conversations/conversation';
import type { IncomingMessage } from '../../domain/messages/incoming-message';
import type { Platform } from '../../domain/messages/platforms';

/** The bot state with the times auto-resume counts from. */
export interface StoredConversationState extends ConversationState {
  /** When the bot was last paused (put with botPaused). */
  pausedAt?: string | null;
  /** When a human (member or owner) last wrote. */
  lastHumanAt?: string | null;
}

export interface ConversationStateStore {
  get(workspaceId: string, leadId: string): Promise<StoredConversationState | undefined>;
  /** Last writer wins: every change is a whole, idempotent state (pause, resume, opt-out, opt-in). */
  put(workspaceId: string, leadId: string, state: ConversationState, now: string): Promise<void>;
}

/** The inbox's own fields of a conversation (the bot state beside them belongs to the gate). */
export interface InboxFields {
  platform: Platform | null;
  accountId: string | null;
  contact: { platformUserId: string; username: string | null; displayName: string | null } | null;
  status: ConversationStatus;
  assigneeId: string | null;
  /** The newest message from the person or a member: the list's order. */
  lastMessageAt: string | null;
  lastMessageText: string | null;
  lastInboundAt: string | null;
  /**
   * The newest message the person wrote: what a human reply answers (recipient, account, window), sent through
   * the Sender as it came. Written with the platform, account, contact and lastInboundAt it came with (a store may
   * keep it without them, as the DynamoDB one does, and give it back whole).
   */
  lastInbound: IncomingMessage | null;
  /** The last time a human (member in Flow IA, owner from the app) wrote: auto-resume counts from it. */
  lastHumanAt: string | null;
}

export interface ConversationRecord extends InboxFields, ConversationState {
  id: string;
  leadId: string;
  /** When each member last opened the thread (userId → ISO time). */
  readAt: Record<string, string>;
}

export interface ConversationFilter {
  platform?: Platform | undefined;
  status?: ConversationStatus | undefined;
  assigneeId?: string | undefined;
  /** Unread for `readerId`. */
  unread?: boolean | undefined;
  botPaused?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface ConversationStore extends ConversationStateStore {
  record(workspaceId: string, leadId: string): Promise<ConversationRecord | undefined>;
  /**
   * Applies `change` to the current inbox fields with an optimistic check, retrying on a concurrent write, and
   * moves the list index keys with them. Never writes the bot state. `change` returns undefined to do nothing.
   */
  change(
    workspaceId: string,
    leadId: string,
    change: (current: ConversationRecord | undefined) => Partial<InboxFields> | undefined,
  ): Promise<ConversationRecord | undefined>;
  markRead(workspaceId: string, leadId: string, userId: string, at: string): Promise<void>;
  list(
    workspaceId: string,
    readerId: string,
    filter: ConversationFilter,
  ): Promise<{ items: ConversationRecord[]; nextCursor: string | null }>;
  /** Newest messages first from the cursor on, returned oldest first; none older than `since` (retention). */
  thread(
    workspaceId: string,
    leadId: string,
    limit: number,
    cursor: string | undefined,
    since: string,
  ): Promise<{ messages: ThreadMessage[]; nextCursor: string | null }>;
}

/** The record of a conversation nothing has been written for yet (a lead logged before the inbox existed). */
export const blankConversation = (leadId: string): ConversationRecord => ({
  id: leadId,
  leadId,
  platform: null,
  accountId: null,
  contact: null,
  status: 'open',
  assigneeId: null,
  lastMessageAt: null,
  lastMessageText: null,
  lastInboundAt: null,
  lastInbound: null,
  lastHumanAt: null,
  botPaused: false,
  pausedReason: null,
  optedOut: false,
  readAt: {},
});
