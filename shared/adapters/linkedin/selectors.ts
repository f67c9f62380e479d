/**
 * LinkedIn's web selectors and URL markers, in one place: when LinkedIn changes its markup, this is the file to
 * update (and the fake site, simulation/linkedin-site.ts, which mirrors it).
 */
export const linkedInPaths = {
  feed: '/feed/',
  messaging: '/messaging/',
  thread: (conversationId: string) => `/messaging/thread/${encodeURIComponent(conversationId)}/`,
};

/** Where LinkedIn sends a visitor whose session is gone. */
export const LOGIN_WALL = /\/(uas\/login|login|authwall|signup)(\/|\?|$)/;
/** Where LinkedIn sends a member it wants to verify (PIN, phone, CAPTCHA). */
export const CHECKPOINT = /\/checkpoint\/challenge/;

export const selectors = {
  limitNotice: '.ip-fuse-limit-alert',
  memberName: '.feed-identity-module__member-name',
  memberProfileLink: 'a.feed-identity-module__actor-meta',
  conversationList: 'ul.msg-conversations-container__conversations-list',
  conversationItem: 'li.msg-conversation-listitem',
  conversationName: '.msg-conversation-listitem__participant-names',
  conversationSnippet: '.msg-conversation-card__message-snippet',
  conversationTime: 'time',
  messageList: 'ul.msg-s-message-list-content',
  messageItem: 'li.msg-s-message-list__event',
  messageSender: '.msg-s-message-group__name',
  messageBody: '.msg-s-event-listitem__body',
  composeBox: '.msg-form__contenteditable[contenteditable="true"]',
  sendButton: 'button.msg-form__send-button',
  sendError: '.msg-form__error',
};

/** /in/jane-doe-123/ → jane-doe-123 */
export function profileIdFromHref(href: string | null | undefined): string {
  const match = /\/in\/([^/?#]+)/.exec(href ?? '');
  return match ? decodeURIComponent(match[1]!) : '';
}
