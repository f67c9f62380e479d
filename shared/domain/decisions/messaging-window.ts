import type { InteractionKind, Platform } from '../messages/platforms';

/**
 * The platform's messaging window, as the decision engine needs it. Stand-in until the Meta provider's
 * shared/domain/messages/messaging-window.ts lands; the integrator swaps the body for a call to it.
 * Meta rules (PROVIDERS.md §1.7): a private reply within 7 days of the comment, one per comment; a DM within
 * 24 hours of the person's last message; a public reply under a comment has no window. Other platforms
 * report unsupported actions themselves when sending, so the window is treated as open for them.
 */
export type OutgoingAction = 'reply' | 'dm' | 'private_reply';

export interface WindowInput {
  platform: Platform;
  kind: InteractionKind;
  action: OutgoingAction;
  /** When the person wrote (the message being answered). */
  occurredAt: string;
}

export interface WindowCheck {
  open: boolean;
  /** When sending stops being allowed, or null when there is no window. */
  closesAt: string | null;
  reason: string;
}

const HOUR = 3600_000;
const isMeta = (platform: Platform) => platform === 'instagram' || platform === 'facebook';

export function checkMessagingWindow(input: WindowInput, now: Date): WindowCheck {
  if (!isMeta(input.platform)) return { open: true, closesAt: null, reason: 'no messaging window' };
  const written = Date.parse(input.occurredAt);
  const within = (hours: number, what: string): WindowCheck => {
    const closesAt = new Date(written + hours * HOUR);
    return closesAt.getTime() > now.getTime()
      ? { open: true, closesAt: closesAt.toISOString(), reason: `inside the ${what}` }
      : { open: false, closesAt: closesAt.toISOString(), reason: `outside the ${what}` };
  };
  if (input.kind === 'comment') {
    if (input.action === 'reply')
      return { open: true, closesAt: null, reason: 'public replies have no window' };
    if (input.action === 'private_reply') return within(7 * 24, '7-day private-reply window');
    return {
      open: false,
      closesAt: null,
      reason: 'Meta only allows a private reply to a commenter who has not written to you',
    };
  }
  if (input.action === 'private_reply')
    return { open: false, closesAt: null, reason: 'a private reply can only answer a comment' };
  return within(24, '24-hour messaging window: the person must write first');
}
