import { DM_WINDOW_MS, HUMAN_AGENT_WINDOW_MS } from '../messages/messaging-window';
import type { InteractionKind, Platform } from '../messages/platforms';

/**
 * A conversation is one person on one platform (its id is its lead's id): the inbox's unit. Pure rules only —
 * the status a new message gives it, who may read what, and what a human reply is allowed to do.
 *
 *   open ──member replies──▶ waiting ──person writes──▶ open          closed ──person writes──▶ open
 *   any ──PATCH { status }──▶ any
 */
export const CONVERSATION_STATUSES = ['open', 'waiting', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Who wrote a message of the thread (contract: contact | bot | human | page). */
export type MessageAuthor = 'contact' | 'bot' | 'human' | 'page';

export interface ThreadMessage {
  id: string;
  direction: 'in' | 'out';
  author: MessageAuthor;
  /** The member who wrote a human reply. */
  authorUserId: string | null;
  text: string;
  at: string;
  kind: string;
  /** The scenario that answered (automatic replies only). */
  scenarioId: string | null;
  /** The send record's status for outgoing messages Flow IA sent (sent, queued, failed, …); null otherwise. */
  deliveryStatus: string | null;
}

/** Kinds that are not messages of the thread (a read receipt is a fact about a message, not a message). */
export const isThreadKind = (kind: InteractionKind | string) => kind !== 'read';

/** The status after the person writes: any message (re)opens the conversation. */
export const statusAfterIncoming = (_current: ConversationStatus | null): ConversationStatus => 'open';

/** The status after a member answers: the team now waits for the person. */
export const statusAfterHumanReply = (current: ConversationStatus): ConversationStatus =>
  current === 'closed' ? 'closed' : 'waiting';

/**
 * Unread for one reader: something the person wrote after the reader last opened the thread. Read state is per
 * member (`readAt` per user), so one member reading does not hide the message from the assignee.
 */
export const isUnread = (lastInboundAt: string | null, readAt: string | null): boolean =>
  lastInboundAt !== null && (readAt === null || readAt < lastInboundAt);

export interface HumanReplyContext {
  platform: Platform;
  /** The kind of the newest message the person wrote: a human reply answers it. */
  kind: InteractionKind;
  occurredAt: string;
}

export type HumanReplyPlan =
  | { allowed: true; action: 'reply'; tag: 'HUMAN_AGENT' | null }
  | { allowed: false; closedAt: string; reason: string };

/**
 * What a member's reply may do, by Meta's rules (https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages
 * and /work/shared/PROVIDERS.md §1.7: `messaging_type: MESSAGE_TAG, tag: HUMAN_AGENT`, 7 days, humans only):
 *  - a DM inside 24 h of the person's last message: a standard reply, no tag;
 *  - a DM between 24 h and 7 days: only with the `HUMAN_AGENT` tag, only when the app was granted that feature
 *    (`humanAgentEnabled`, the stage's META_HUMAN_AGENT_ENABLED) — never for an automated message;
 *  - a comment: a public reply under it (no window);
 *  - other platforms have no messaging window (their providers refuse what they cannot do).
 * Closed means the person must write again before anyone can answer.
 */
export function planHumanReply(
  context: HumanReplyContext,
  now: Date,
  humanAgentEnabled: boolean,
): HumanReplyPlan {
  const isMeta = context.platform === 'instagram' || context.platform === 'facebook';
  if (!isMeta || context.kind === 'comment') return { allowed: true, action: 'reply', tag: null };
  const wrote = Date.parse(context.occurredAt);
  const age = now.getTime() - wrote;
  if (age <= DM_WINDOW_MS) return { allowed: true, action: 'reply', tag: null };
  if (humanAgentEnabled && age <= HUMAN_AGENT_WINDOW_MS)
    return { allowed: true, action: 'reply', tag: 'HUMAN_AGENT' };
  const closedAt = new Date(wrote + (humanAgentEnabled ? HUMAN_AGENT_WINDOW_MS : DM_WINDOW_MS)).toISOString();
  return {
    allowed: false,
    closedAt,
    reason: humanAgentEnabled
      ? `Meta's 7-day human-agent window closed at ${closedAt}: the person must write again before anyone can reply.`
      : `Meta's 24-hour messaging window closed at ${closedAt}: the person must write again before anyone can reply.`,
  };
}

/**
 * Auto-resume: a pause caused by a human (hand-over, member or owner reply) ends by itself after `hours` of human
 * silence, when the workspace set it. A manual pause and an opt-out never end by themselves.
 */
export function autoResumeDue(
  pausedReason: string | null,
  lastHumanAt: string | null,
  hours: number | null,
  now: Date,
): boolean {
  if (!hours || hours <= 0) return false;
  if (pausedReason !== 'handover' && pausedReason !== 'human_reply' && pausedReason !== 'page_reply')
    return false;
  if (!lastHumanAt) return false;
  return now.getTime() - Date.parse(lastHumanAt) >= hours * 3600 * 1000;
}
