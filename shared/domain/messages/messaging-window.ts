/**
 * Meta's messaging windows, as one pure rule (Instagram and Messenger share them):
 *
 *   last inbound DM ──────── 24 h ────────▶ │ a DM (or a reply in the conversation) is allowed
 *   comment created ─────────────── 7 days ───────────────▶ │ ONE private reply is allowed
 *
 * A private reply does not open the 24-hour window, and the HUMAN_AGENT tag (7 days) is for humans only, so an
 * automated send outside these windows is refused before it reaches the Send API.
 */
export const DM_WINDOW_MS = 24 * 3600 * 1000;
export const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** HUMAN_AGENT: https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages (PROVIDERS.md §1.7). */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600 * 1000;

export type WindowAction = 'dm' | 'private_reply' | 'reply';

/** What the sender knows about the conversation; null = unknown (the provider then lets the platform decide). */
export interface MessagingWindowFacts {
  /** When the person last wrote to the account in DM (ISO 8601). */
  lastInboundAt: string | null;
  /** When the comment being answered was created (ISO 8601). */
  commentCreatedAt: string | null;
}

export type WindowVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'outside_window' | 'private_reply_expired'; explanation: string };

export const OUTSIDE_WINDOW_EXPLANATION = 'outside the 24-hour window: the person must write first';
export const PRIVATE_REPLY_EXPIRED_EXPLANATION =
  'a private reply is only possible within 7 days of the comment';

/**
 * `reply` on a comment is public (no window); `reply` without a comment is a DM in the conversation.
 * Unknown times are not a refusal: only a window known to be closed is.
 */
export function messagingWindow(
  action: WindowAction,
  facts: MessagingWindowFacts & { isCommentReply?: boolean; humanAgent?: boolean },
  now: Date,
): WindowVerdict {
  if (action === 'reply' && facts.isCommentReply) return { allowed: true };
  if (action === 'private_reply') {
    const created = parseTime(facts.commentCreatedAt);
    if (created !== undefined && now.getTime() - created > PRIVATE_REPLY_WINDOW_MS)
      return {
        allowed: false,
        reason: 'private_reply_expired',
        explanation: PRIVATE_REPLY_EXPIRED_EXPLANATION,
      };
    return { allowed: true };
  }
  const inbound = parseTime(facts.lastInboundAt);
  // The HUMAN_AGENT tag (a human's reply, never an automated one) stretches the DM window to 7 days.
  const window = facts.humanAgent ? HUMAN_AGENT_WINDOW_MS : DM_WINDOW_MS;
  if (inbound !== undefined && now.getTime() - inbound > window)
    return { allowed: false, reason: 'outside_window', explanation: OUTSIDE_WINDOW_EXPLANATION };
  return { allowed: true };
}

/** Whether a message that happened at `occurredAt` can still be answered at all (collectors' `actionable`). */
export function isStillAnswerable(kind: 'comment' | 'dm', occurredAt: string, now: Date): boolean {
  const time = parseTime(occurredAt);
  if (time === undefined) return false;
  return now.getTime() - time <= (kind === 'comment' ? PRIVATE_REPLY_WINDOW_MS : DM_WINDOW_MS);
}

function parseTime(value: string | null): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
