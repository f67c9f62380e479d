import { CONTACT_FIELDS } from '../domain/leads/capture';
import { AB_LIMITS, AB_VARIANT_ID } from '../domain/scenarios/ab-test';
import {
  BUTTON_TYPES,
  META_LIMITS,
  QUICK_REPLY_TYPES,
  type ScenarioStep,
  stepOf,
} from '../domain/scenarios/actions';
import { followUpProblems, MAX_FOLLOW_UP_HOURS, MAX_FOLLOW_UP_STEPS } from '../domain/scenarios/follow-ups';
import { KEYWORD_MATCH_MODES, KEYWORD_REQUIREMENTS } from '../domain/scenarios/keyword-match';
import { LIVE_COMMENT_MODES } from '../domain/scenarios/post-scope';
import { SCENARIO_ACTIONS, SCENARIO_PLATFORMS, SCENARIO_TRIGGERS } from '../domain/scenarios/scenario';
import {
  inShortForm,
  keywordRuleProblems,
  postScopeProblems,
  scenarioProblems,
  stepListProblems,
} from '../domain/scenarios/validation';
import * as z from './zod';

const name = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
const keywords = z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))).check(z.maxLength(50));
const message = z.nullable(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)));
const matchMode = z
  .enum(KEYWORD_MATCH_MODES)
  .check(
    z.describe(
      'word (default): whole words, plurals and gender folded (tarif matches "vos tarifs ?"); contains: anywhere, even inside a word; exact: the whole message; starts_with: the first words. Case, accents and emoji skin tones are always folded; a keyword may be an emoji or a #hashtag',
    ),
  );
const keywordsRequired = z
  .enum(KEYWORD_REQUIREMENTS)
  .check(z.describe('any (default): one keyword is enough; all: every keyword must match'));
const priority = z.number().check(z.int(), z.gte(0), z.lte(10_000));
/** Instagram media ids are digits; a Facebook Page post id is `<page id>_<post id>`. */
const mediaIds = z
  .array(
    z
      .string()
      .check(
        z.trim(),
        z.regex(/^[0-9]{1,32}(_[0-9]{1,32})?$/, 'must be a media id from GET /social-accounts/{id}/media'),
      ),
  )
  .check(
    z.maxLength(50),
    z.refine((ids) => new Set(ids).size === ids.length, 'a media id is listed twice'),
    z.describe(
      'answer comments on these posts only (ids from GET /social-accounts/{id}/media); empty = every post',
    ),
  );
const nextPost = z
  .boolean()
  .check(
    z.describe(
      'answer comments on the next post published after saving only: the first post the account publishes from now on, resolved when its first comment arrives',
    ),
  );
const liveComments = z
  .enum(LIVE_COMMENT_MODES)
  .check(
    z.describe('comments on live videos: exclude (default), include, or only (a scenario for live videos)'),
  );

/** A limit of Meta's, said as such in the 400 (the numbers and their sources: domain/scenarios/actions.ts). */
const metaMax = (limit: number, what: string) => `Meta allows at most ${limit} ${what}`;
/** Text Meta bounds: non-empty, at most `limit` (trimmed first unless it is a payload, which Meta returns as sent). */
const metaText = (limit: number, what: string, trim = true) =>
  z.string().check(...(trim ? [z.trim()] : []), z.minLength(1), z.maxLength(limit, metaMax(limit, what)));
/** An optional Meta-bounded text: null when absent. */
const optionalMetaText = (limit: number, what: string, trim = true) =>
  z._default(z.nullable(metaText(limit, what, trim)), null);
const webUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).check(z.maxLength(2000));
const quickReply = z.object({
  type: z
    ._default(z.enum(QUICK_REPLY_TYPES), 'text')
    .check(
      z.describe(
        "text (default): a title and a payload; user_email / user_phone_number: Meta pre-fills the person's address or number, one tap stores it on the lead",
      ),
    ),
  title: z._default(
    z.nullable(
      z.string().check(
        z.trim(),
        z.minLength(1),
        z.maxLength(
          META_LIMITS.quickReplyTitle,
          // Meta cuts a longer one on display: refused here so the person never sees half a word.
          `Meta shows at most ${META_LIMITS.quickReplyTitle} characters of a quick reply title`,
        ),
      ),
    ),
    null,
  ),
  payload: optionalMetaText(META_LIMITS.quickReplyPayload, 'characters in a quick reply payload', false),
});
const button = z.object({
  type: z
    .enum(BUTTON_TYPES)
    .check(
      z.describe('postback: the tap triggers the postback scenario with its payload; web_url: opens url'),
    ),
  title: metaText(META_LIMITS.buttonTitle, 'characters in a button title'),
  payload: optionalMetaText(META_LIMITS.buttonPayload, 'characters in a postback payload', false),
  url: z._default(z.nullable(webUrl), null),
});
const cardElement = z.object({
  title: metaText(META_LIMITS.elementTitle, 'characters in a card title'),
  subtitle: optionalMetaText(META_LIMITS.elementSubtitle, 'characters in a card subtitle'),
  imageUrl: z._default(z.nullable(webUrl), null),
  url: z._default(z.nullable(webUrl), null).check(z.describe('opened when the card itself is tapped')),
  buttons: z._default(
    z
      .array(button)
      .check(
        z.maxLength(META_LIMITS.elementButtons, metaMax(META_LIMITS.elementButtons, 'buttons on a card')),
      ),
    [],
  ),
});
const abVariant = z.object({
  id: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(AB_LIMITS.idLength),
      z.regex(AB_VARIANT_ID, 'letters, digits, - and _ only'),
      z.describe('the version\'s name in the analytics, e.g. "A"'),
    ),
  weight: z
    .number()
    .check(
      z.int(),
      z.gte(1),
      z.lte(AB_LIMITS.weight),
      z.describe('its share of leads, relative to the others'),
    ),
  message: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
});
export const scenarioStep = z.object({
  action: z.enum(SCENARIO_ACTIONS),
  message: z._default(message, null),
  variants: z
    ._default(
      z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(1000))).check(z.maxLength(10)),
      [],
    )
    .check(z.describe('other wordings of message; each comment gets one (the same on every retry)')),
  abVariants: z
    .optional(z.array(abVariant).check(z.maxLength(AB_LIMITS.variants)))
    .check(
      z.describe(
        "an A/B test of this DM: versions of message split by weight, each lead always getting the same one; GET /analytics/scenarios reports each version's funnel",
      ),
    ),
  quickReplies: z._default(
    z
      .array(quickReply)
      .check(
        z.maxLength(
          META_LIMITS.quickReplies,
          metaMax(META_LIMITS.quickReplies, 'quick replies in a message'),
        ),
      ),
    [],
  ),
  buttons: z
    ._default(
      z
        .array(button)
        .check(
          z.maxLength(META_LIMITS.buttons, metaMax(META_LIMITS.buttons, 'buttons in a button template')),
        ),
      [],
    )
    .check(z.describe("sent as Meta's button template: message is its text (up to 640 characters)")),
  elements: z
    ._default(
      z
        .array(cardElement)
        .check(
          z.maxLength(META_LIMITS.elements, metaMax(META_LIMITS.elements, 'cards in a generic template')),
        ),
      [],
    )
    .check(z.describe("Meta's generic template (a carousel from two cards); message must be null")),
  capture: z
    ._default(z.nullable(z.enum(CONTACT_FIELDS)), null)
    .check(
      z.describe(
        "the message asks for the person's email or phone: their next message is checked (email syntax and domain, E.164 phone), stored on the lead, or asked again once with what was wrong",
      ),
    ),
});
const steps = z
  .array(scenarioStep)
  .check(
    z.minLength(1),
    z.maxLength(5),
    z.describe('what the scenario does, in order; each action is sent once, whatever the retries'),
  );
const followUpStep = z.object({
  afterHours: z
    .number()
    .check(
      z.int(),
      z.gte(1),
      z.lte(MAX_FOLLOW_UP_HOURS),
      z.describe(
        "hours without an answer from the person after the previous message of the sequence (the scenario's answer for the first step)",
      ),
    ),
  message: z
    ._default(message, null)
    .check(
      z.describe(
        'a template with {{firstName}} / {{username}}; null: the AI engine writes it from the workspace knowledge and the conversation',
      ),
    ),
});
const followUps = z
  .array(followUpStep)
  .check(
    z.maxLength(MAX_FOLLOW_UP_STEPS, `a sequence has at most ${MAX_FOLLOW_UP_STEPS} follow-up steps`),
    z.describe(
      `"if no reply after X hours, send Y": at most ${MAX_FOLLOW_UP_STEPS} steps, adding up to ${MAX_FOLLOW_UP_HOURS} hours at most (a bot writes only inside Meta's 24-hour window), after a DM, story reply or tapped button on Instagram or Facebook; cancelled when the person answers, opts out or a human takes over`,
    ),
  );
const payload = z
  .nullable(z.string().check(z.minLength(1), z.maxLength(META_LIMITS.buttonPayload)))
  .check(z.describe('postback trigger: the payload of the button or quick reply this scenario answers'));

export const createScenarioBody = z.pipe(
  z
    .object({
      name,
      platform: z._default(z.enum(SCENARIO_PLATFORMS), 'any'),
      trigger: z._default(z.enum(SCENARIO_TRIGGERS), 'any'),
      keywords: z._default(keywords, []),
      match: z._default(matchMode, 'word'),
      keywordsRequired: z._default(keywordsRequired, 'any'),
      mediaIds: z._default(mediaIds, []),
      nextPost: z._default(nextPost, false),
      liveComments: z._default(liveComments, 'exclude'),
      action: z
        .optional(z.enum(SCENARIO_ACTIONS))
        .check(z.describe('the short form of one action (with message)')),
      message: z.optional(message),
      actions: z.optional(steps),
      followUps: z._default(followUps, []),
      payload: z._default(payload, null),
      active: z._default(z.boolean(), true),
      priority: z._default(priority, 100).check(z.describe('lower numbers are tried first')),
    })
    .check(
      z.superRefine((body, context) => {
        if (body.actions && (body.action !== undefined || body.message !== undefined))
          context.addIssue({
            code: 'custom',
            path: ['actions'],
            message: 'give actions, or action with message, not both',
          });
        else if (!body.actions && body.action === undefined)
          context.addIssue({ code: 'custom', path: ['action'], message: 'action (or actions) is required' });
        else {
          const scenario = { ...body, actions: stepsOf(body) };
          const steps = stepListProblems(scenario);
          for (const problem of [
            ...scenarioProblems(scenario),
            ...(body.actions ? steps : inShortForm(steps)),
            ...keywordRuleProblems(body),
            ...postScopeProblems(body),
            ...followUpProblems(scenario),
          ])
            context.addIssue({ code: 'custom', path: problem.path.split('.'), message: problem.message });
        }
      }),
    ),
  z.transform(({ action, message: _message, actions: _actions, ...rest }) => ({
    ...rest,
    actions: stepsOf({ action, message: _message, actions: _actions }),
  })),
);

/** The action list a create body describes: its `actions`, or its short form as a list of one. */
function stepsOf(body: {
  action?: ScenarioStep['action'] | undefined;
  message?: string | null | undefined;
  actions?: ScenarioStep[] | undefined;
}): ScenarioStep[] {
  return body.actions ?? [stepOf({ action: body.action!, message: body.message ?? null })];
}

export const updateScenarioBody = z
  .object({
    name: z.optional(name),
    platform: z.optional(z.enum(SCENARIO_PLATFORMS)),
    trigger: z.optional(z.enum(SCENARIO_TRIGGERS)),
    keywords: z.optional(keywords),
    match: z.optional(matchMode),
    keywordsRequired: z.optional(keywordsRequired),
    mediaIds: z.optional(mediaIds),
    nextPost: z
      .optional(nextPost)
      .check(z.describe('true arms it (again only if it was off), false turns it off')),
    liveComments: z.optional(liveComments),
    action: z.optional(z.enum(SCENARIO_ACTIONS)).check(z.describe('changes the first action')),
    message: z.optional(message).check(z.describe("changes the first action's message")),
    actions: z.optional(steps),
    followUps: z.optional(followUps).check(z.describe('replaces the sequence; [] removes it')),
    payload: z.optional(payload),
    active: z.optional(z.boolean()),
    priority: z.optional(priority),
  })
  .check(
    z.refine((body) => !(body.actions && (body.action !== undefined || body.message !== undefined)), {
      path: ['actions'],
      message: 'give actions, or action with message, not both',
    }),
    z.refine(
      (body) => Object.values(body).some((value) => value !== undefined),
      'at least one field is required',
    ),
  );

export const scenarioView = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.enum(SCENARIO_PLATFORMS),
  trigger: z.enum(SCENARIO_TRIGGERS),
  keywords: z.array(z.string()),
  match: z.enum(KEYWORD_MATCH_MODES),
  keywordsRequired: z.enum(KEYWORD_REQUIREMENTS),
  mediaIds: z.array(z.string()),
  nextPost: z.nullable(
    z.object({
      after: z.string().check(z.describe('when it started waiting for the next post')),
      mediaId: z
        .nullable(z.string())
        .check(z.describe('the post it resolved to; null until its first comment')),
    }),
  ),
  liveComments: z.enum(LIVE_COMMENT_MODES),
  action: z
    .enum(SCENARIO_ACTIONS)
    .check(z.describe('the first action (clients written before actions read this)')),
  message: z.nullable(z.string()).check(z.describe("the first action's message")),
  actions: z.array(scenarioStep),
  followUps: z.array(followUpStep),
  payload: z.nullable(z.string()),
  active: z.boolean(),
  priority: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const scenarioList = z.object({ items: z.array(scenarioView), nextCursor: z.nullable(z.string()) });

export type CreateScenarioInput = z.output<typeof createScenarioBody>;
export type UpdateScenarioInput = z.output<typeof updateScenarioBody>;
