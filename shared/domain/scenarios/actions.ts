import { createHash } from 'node:crypto';
import type { ContactField } from '../leads/capture';

export const SCENARIO_ACTIONS = ['reply', 'dm', 'private_reply', 'handover', 'ignore'] as const;
export type ScenarioAction = (typeof SCENARIO_ACTIONS)[number];

/**
 * What a scenario does with one message: an ordered list of steps ("reply publicly under the comment, then send
 * a private reply with two buttons"), each sent and recorded on its own (its own send record, so a retry after
 * the first step succeeded sends only what is left).
 *
 * Rich content is Meta's Send API (Messenger Platform and Instagram Messaging), with Meta's documented limits:
 *   quick replies  https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages/quick-replies
 *                  ("up to 13 buttons"), https://developers.facebook.com/docs/messenger-platform/instagram/features/quick-replies
 *                  ("A maximum of 13 quick replies … up to 20 characters"), payload "max 1000 characters"
 *                  (quick replies reference: https://developers.facebook.com/docs/messenger-platform/reference/buttons/quick-replies);
 *                  `user_email` / `user_phone_number` quick replies are pre-filled from the person's profile and
 *                  carry no title nor payload of ours: the tap brings back the address or number.
 *   buttons        https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages/buttons/postback
 *                  ("title … 20 character limit", "payload … 1000 character limit"); web_url opens `url`
 *   button template https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages/template/button
 *                  ("text of up to 640 characters", "Set of 1-3 buttons"); Instagram:
 *                  https://developers.facebook.com/docs/instagram-messaging/button-template
 *   generic template https://developers.facebook.com/documentation/business-messaging/messenger-platform/send-messages/template/generic
 *                  ("Maximum of 10 elements", title and subtitle "80 character limit", up to three buttons)
 */
export const META_LIMITS = {
  quickReplies: 13,
  quickReplyTitle: 20,
  quickReplyPayload: 1000,
  buttons: 3,
  buttonTitle: 20,
  buttonPayload: 1000,
  buttonTemplateText: 640,
  elements: 10,
  elementTitle: 80,
  elementSubtitle: 80,
  elementButtons: 3,
} as const;

export const QUICK_REPLY_TYPES = ['text', 'user_email', 'user_phone_number'] as const;
export type QuickReplyType = (typeof QUICK_REPLY_TYPES)[number];
export const BUTTON_TYPES = ['postback', 'web_url'] as const;
export type ButtonType = (typeof BUTTON_TYPES)[number];

export interface QuickReply {
  type: QuickReplyType;
  /** Required for `text`; Meta fills the others from the person's profile. */
  title: string | null;
  payload: string | null;
}

export interface MessageButton {
  type: ButtonType;
  title: string;
  /** postback: what the tap sends back (a `postback` scenario with this payload answers it). */
  payload: string | null;
  /** web_url: the page it opens. */
  url: string | null;
}

/** One card of a generic template (a carousel when there are several). */
export interface CardElement {
  title: string;
  subtitle: string | null;
  imageUrl: string | null;
  /** Opened when the card itself is tapped (Meta's default_action). */
  url: string | null;
  buttons: MessageButton[];
}

/** The rich parts of a message, all empty for plain text. */
export interface RichContent {
  quickReplies: QuickReply[];
  buttons: MessageButton[];
  elements: CardElement[];
}

/** One version of an A/B-tested DM (ab-test.ts). */
export interface AbVariant {
  /** Short and stable ("A", "B", "short-offer"): the analytics key the version's counters are kept under. */
  id: string;
  /** Relative share of leads (e.g. 50/50, or 80/20). */
  weight: number;
  /** The DM's text for this version (same placeholders as `message`). */
  message: string;
}

export interface ScenarioStep extends RichContent {
  action: ScenarioAction;
  /** A template with {{firstName}} / {{username}}; null = the AI engine writes it (or a card carries the words). */
  message: string | null;
  /** Other wordings of `message`: each comment gets one of them, so the page does not repeat one sentence. */
  variants: string[];
  /**
   * The message asks for the person's email or phone: their next message is checked and stored on the lead, or
   * asked again once (domain/leads/capture.ts). Absent on steps stored before it existed.
   */
  capture?: ContactField | null;
  /** An A/B test of this DM (ab-test.ts): versions of `message` split by weight, measured apart. */
  abVariants?: AbVariant[];
}

export const EMPTY_RICH: RichContent = { quickReplies: [], buttons: [], elements: [] };

/** A step as stored before the rich fields existed, or as the API's short form `{ action, message }` gives it. */
export function stepOf(step: Pick<ScenarioStep, 'action' | 'message'> & Partial<ScenarioStep>): ScenarioStep {
  return {
    action: step.action,
    message: step.message,
    variants: step.variants ?? [],
    ...(step.abVariants && step.abVariants.length > 0 ? { abVariants: step.abVariants } : {}),
    quickReplies: step.quickReplies ?? [],
    buttons: step.buttons ?? [],
    elements: step.elements ?? [],
    capture: step.capture ?? null,
  };
}

export const hasRichContent = (content: RichContent): boolean =>
  content.quickReplies.length > 0 || content.buttons.length > 0 || content.elements.length > 0;

const SENDS: readonly ScenarioAction[] = ['reply', 'dm', 'private_reply'];
export const stepSends = (action: ScenarioAction) => SENDS.includes(action);

/**
 * The wording one message gets among `message` and its variants: a hash of the message's dedupe key, so every
 * retry and redelivery of one comment picks the same sentence (its send record holds that text) while a hundred
 * comments spread over all of them.
 */
export function pickWording(message: string, variants: string[], dedupeKey: string): string {
  const wordings = [message, ...variants];
  if (wordings.length === 1) return message;
  const hash = createHash('sha256').update(dedupeKey).digest();
  return wordings[hash.readUInt32BE(0) % wordings.length]!;
}

/**
 * The send-record key of step `index`: the first step of an action keeps the key single-action scenarios always
 * had (`<dedupeKey>#<action>`), so a scenario saved before the list existed, replayed, is still recognised; a
 * second step of the same action is `#<action>#2`. Keyed by action and its occurrence, not by position, so
 * reordering two different actions between a failure and its retry never sends one twice.
 */
export function stepKeySuffix(actions: readonly string[], index: number): string {
  const action = actions[index]!;
  const occurrence = actions.slice(0, index + 1).filter((a) => a === action).length;
  return occurrence === 1 ? action : `${action}#${occurrence}`;
}
