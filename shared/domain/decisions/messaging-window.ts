import {
  DM_WINDOW_MS,
  HUMAN_AGENT_WINDOW_MS,
  messagingWindow,
  PRIVATE_REPLY_WINDOW_MS,
} from '../messages/messaging-window';
import type { InteractionKind, Platform } from '../messages/platforms';

/**
 * The messaging window as the decision engine needs it: whether to send now and when the window closes (for
 * follow-ups), and again whether a send may go at the moment it goes (the Sender: a follow-up or a human reply
 * is sent hours after the message). Meta's rules themselves live in messages/messaging-window.ts; this adds
 * what only the engine decides: a comment is answered publicly or by private reply, never by a cold DM, and
 * other platforms have no window (their providers report unsupported actions). No provider adapter checks it
 * again.
 */
export type OutgoingAction = 'reply' | 'dm' | 'private_reply';

export interface WindowInput {
  platform: Platform;
  kind: InteractionKind;
  action: OutgoingAction;
  /** When the person wrote (the message being answered). */
  occurredAt: string;
  /** A member's reply sent with the HUMAN_AGENT tag: the DM window is 7 days (never for automated sends). */
  humanAgent?: boolean;
}

export interface WindowCheck {
  open: boolean;
  /** When sending stops being allowed, or null when there is no window. */
  closesAt: string | null;
  reason: string;
}

const isMeta = (platform: Platform) => platform === 'instagram' || platform === 'facebook';

export function checkMessagingWindow(input: WindowInput, now: Date): WindowCheck {
  if (!isMeta(input.platform)) return { open: true, closesAt: null, reason: 'no messaging window' };
  const isComment = input.kind === 'comment';
  if (isComment && input.action === 'dm')
    return {
      open: false,
      closesAt: null,
      reason: 'Meta only allows a private reply to a commenter who has not written to you',
    };
  if (!isComment && input.action === 'private_reply')
    return { open: false, closesAt: null, reason: 'a private reply can only answer a comment' };
  if (isComment && input.action === 'reply')
    return { open: true, closesAt: null, reason: 'public replies have no window' };
  const written = Date.parse(input.occurredAt);
  const windowMs = isComment
    ? PRIVATE_REPLY_WINDOW_MS
    : input.humanAgent
      ? HUMAN_AGENT_WINDOW_MS
      : DM_WINDOW_MS;
  const closesAt = new Date(written + windowMs).toISOString();
  const verdict = messagingWindow(
    input.action,
    {
      lastInboundAt: isComment ? null : input.occurredAt,
      commentCreatedAt: isComment ? input.occurredAt : null,
      humanAgent: input.humanAgent === true,
    },
    now,
  );
  if (!verdict.allowed) return { open: false, closesAt, reason: verdict.explanation };
  return {
    open: true,
    closesAt,
    reason: isComment ? 'inside the 7-day private-reply window' : 'inside the 24-hour messaging window',
  };
}
