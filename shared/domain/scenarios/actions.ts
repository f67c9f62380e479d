import { createHash } from 'node:crypto';
import type { ScenarioAction, ScenarioTrigger } from './scenario';
import { unknownPlaceholders } from './template';

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

export interface ScenarioStep extends RichContent {
  action: ScenarioAction;
  /** A template with {{firstName}} / {{username}}; null = the AI engine writes it (or a card carries the words). */
  message: string | null;
  /** Other wordings of `message`: each comment gets one of them, so the page does not repeat one sentence. */
  variants: string[];
}

export const EMPTY_RICH: RichContent = { quickReplies: [], buttons: [], elements: [] };

/** A step as stored before the rich fields existed, or as the API's short form `{ action, message }` gives it. */
export function stepOf(step: Pick<ScenarioStep, 'action' | 'message'> & Partial<ScenarioStep>): ScenarioStep {
  return {
    action: step.action,
    message: step.message,
    variants: step.variants ?? [],
    quickReplies: step.quickReplies ?? [],
    buttons: step.buttons ?? [],
    elements: step.elements ?? [],
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

export interface StepProblem {
  path: string;
  message: string;
}

/**
 * Rules across a step's fields and across the list (checked on create and on the merged update): Meta's rules
 * for what a message can carry, and what the workflow can send for this trigger.
 */
export function stepsProblems(steps: ScenarioStep[], trigger: ScenarioTrigger): StepProblem[] {
  const problems: StepProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const alone = steps.findIndex((step) => !stepSends(step.action));
  if (alone !== -1 && steps.length > 1)
    add(
      `actions.${alone}.action`,
      `${steps[alone]!.action} stands alone: it cannot be combined with other actions`,
    );
  if (steps.filter((step) => step.action === 'private_reply').length > 1)
    add('actions', 'Meta allows one private reply per comment: keep a single private_reply action');
  steps.forEach((step, index) => {
    const at = (field: string) => `actions.${index}.${field}`;
    const sends = stepSends(step.action);
    if (!sends && (step.message !== null || step.variants.length > 0 || hasRichContent(step)))
      add(at('message'), `a ${step.action} action sends nothing: use null`);
    if (step.action === 'private_reply' && trigger !== 'comment' && trigger !== 'any')
      add(at('action'), 'a private reply answers a comment: use the comment trigger');
    if (step.message === null && step.variants.length > 0)
      add(at('variants'), 'variants are other wordings of message: write message first');
    for (const [i, text] of [step.message, ...step.variants].entries()) {
      if (text === null) continue;
      const unknown = unknownPlaceholders(text);
      if (unknown.length > 0)
        add(
          i === 0 ? at('message') : at(`variants.${i - 1}`),
          `unknown placeholder(s) ${unknown.map((n) => `{{${n}}}`).join(', ')}: use {{firstName}} or {{username}}`,
        );
    }
    if (!hasRichContent(step)) return;
    if (step.action === 'reply' && (trigger === 'comment' || trigger === 'any'))
      add(
        at('action'),
        'a public reply under a comment is plain text: put quick replies, buttons and cards on a dm or private_reply action (or a reply to a DM trigger)',
      );
    const kinds = [step.quickReplies, step.buttons, step.elements].filter((list) => list.length > 0).length;
    if (kinds > 1)
      add(
        at('quickReplies'),
        'one message carries quick replies, buttons or cards, not several of them: split them into two actions',
      );
    if (step.elements.length > 0 && (step.message !== null || step.variants.length > 0))
      add(at('message'), 'a card (generic template) carries its words in its elements: use null');
    if (
      step.buttons.length > 0 &&
      step.message !== null &&
      step.message.length > META_LIMITS.buttonTemplateText
    )
      add(
        at('message'),
        `Meta's button template text is at most ${META_LIMITS.buttonTemplateText} characters`,
      );
    step.quickReplies.forEach((reply, i) => {
      if (reply.type === 'text' && (!reply.title || !reply.payload))
        add(at(`quickReplies.${i}`), 'a text quick reply needs a title and a payload');
      if (reply.type !== 'text' && (reply.title !== null || reply.payload !== null))
        add(
          at(`quickReplies.${i}`),
          `a ${reply.type} quick reply is filled by Meta from the person's profile: give no title nor payload`,
        );
    });
    for (const [i, button] of step.buttons.entries()) buttonProblems(button, at(`buttons.${i}`), add);
    for (const [e, element] of step.elements.entries()) {
      // "At least one property must be set in addition to title" (generic template reference).
      if (!element.subtitle && !element.imageUrl && !element.url && element.buttons.length === 0)
        add(
          at(`elements.${e}`),
          'Meta needs a card to have a subtitle, an image, a url or buttons besides its title',
        );
      for (const [i, button] of element.buttons.entries())
        buttonProblems(button, at(`elements.${e}.buttons.${i}`), add);
    }
  });
  return problems;
}

function buttonProblems(button: MessageButton, path: string, add: (path: string, message: string) => void) {
  if (button.type === 'postback' && (!button.payload || button.url !== null))
    add(path, 'a postback button needs a payload (and no url)');
  if (button.type === 'web_url' && (!button.url || button.payload !== null))
    add(path, 'a web_url button needs a url (and no payload)');
}
