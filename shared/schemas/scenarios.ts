import * as z from 'zod';
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
import { fields } from './validation';

const name = z.string().trim().min(1).max(100);
const keywords = z.array(z.string().trim().min(1).max(100)).max(50);
const message = z.string().trim().min(1).max(1000).nullable();
const matchMode = z
  .enum(KEYWORD_MATCH_MODES)
  .describe(
    'word (default): whole words, plurals and gender folded (tarif matches "vos tarifs ?"); contains: anywhere, even inside a word; exact: the whole message; starts_with: the first words. Case, accents and emoji skin tones are always folded; a keyword may be an emoji or a #hashtag',
  );
const keywordsRequired = z
  .enum(KEYWORD_REQUIREMENTS)
  .describe('any (default): one keyword is enough; all: every keyword must match');
const priority = z.number().int().min(0).max(10_000);
/** Instagram media ids are digits; a Facebook Page post id is `<page id>_<post id>`. */
const mediaIds = z
  .array(
    z
      .string()
      .trim()
      .regex(/^[0-9]{1,32}(_[0-9]{1,32})?$/, 'must be a media id from GET /social-accounts/{id}/media'),
  )
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'a media id is listed twice')
  .describe(
    'answer comments on these posts only (ids from GET /social-accounts/{id}/media); empty = every post',
  );
const nextPost = z
  .boolean()
  .describe(
    'answer comments on the next post published after saving only: the first post the account publishes from now on, resolved when its first comment arrives',
  );
const liveComments = z
  .enum(LIVE_COMMENT_MODES)
  .describe('comments on live videos: exclude (default), include, or only (a scenario for live videos)');

/** A limit of Meta's, said as such in the 400 (the numbers and their sources: domain/scenarios/actions.ts). */
const metaMax = (limit: number, what: string) => `Meta allows at most ${limit} ${what}`;
const webUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
const quickReply = z.object({
  type: z
    .enum(QUICK_REPLY_TYPES)
    .default('text')
    .describe(
      "text (default): a title and a payload; user_email / user_phone_number: Meta pre-fills the person's address or number, one tap stores it on the lead",
    ),
  title: z
    .string()
    .trim()
    .min(1)
    .max(
      META_LIMITS.quickReplyTitle,
      // Meta cuts a longer one on display: refused here so the person never sees half a word.
      `Meta shows at most ${META_LIMITS.quickReplyTitle} characters of a quick reply title`,
    )
    .nullable()
    .default(null),
  payload: z
    .string()
    .min(1)
    .max(
      META_LIMITS.quickReplyPayload,
      metaMax(META_LIMITS.quickReplyPayload, 'characters in a quick reply payload'),
    )
    .nullable()
    .default(null),
});
const button = z.object({
  type: z
    .enum(BUTTON_TYPES)
    .describe('postback: the tap triggers the postback scenario with its payload; web_url: opens url'),
  title: z
    .string()
    .trim()
    .min(1)
    .max(META_LIMITS.buttonTitle, metaMax(META_LIMITS.buttonTitle, 'characters in a button title')),
  payload: z
    .string()
    .min(1)
    .max(META_LIMITS.buttonPayload, metaMax(META_LIMITS.buttonPayload, 'characters in a postback payload'))
    .nullable()
    .default(null),
  url: webUrl.nullable().default(null),
});
const cardElement = z.object({
  title: z
    .string()
    .trim()
    .min(1)
    .max(META_LIMITS.elementTitle, metaMax(META_LIMITS.elementTitle, 'characters in a card title')),
  subtitle: z
    .string()
    .trim()
    .min(1)
    .max(META_LIMITS.elementSubtitle, metaMax(META_LIMITS.elementSubtitle, 'characters in a card subtitle'))
    .nullable()
    .default(null),
  imageUrl: webUrl.nullable().default(null),
  url: webUrl.nullable().default(null).describe('opened when the card itself is tapped'),
  buttons: z
    .array(button)
    .max(META_LIMITS.elementButtons, metaMax(META_LIMITS.elementButtons, 'buttons on a card'))
    .default([]),
});
const abVariant = z.object({
  id: z
    .string()
    .min(1)
    .max(AB_LIMITS.idLength)
    .regex(AB_VARIANT_ID, 'letters, digits, - and _ only')
    .describe('the version\'s name in the analytics, e.g. "A"'),
  weight: z
    .number()
    .int()
    .min(1)
    .max(AB_LIMITS.weight)
    .describe('its share of leads, relative to the others'),
  message: z.string().trim().min(1).max(1000),
});
export const scenarioStep = z.object({
  action: z.enum(SCENARIO_ACTIONS),
  message: message.default(null),
  variants: z
    .array(z.string().trim().min(1).max(1000))
    .max(10)
    .default([])
    .describe('other wordings of message; each comment gets one (the same on every retry)'),
  abVariants: z
    .array(abVariant)
    .max(AB_LIMITS.variants)
    .optional()
    .describe(
      "an A/B test of this DM: versions of message split by weight, each lead always getting the same one; GET /analytics/scenarios reports each version's funnel",
    ),
  quickReplies: z
    .array(quickReply)
    .max(META_LIMITS.quickReplies, metaMax(META_LIMITS.quickReplies, 'quick replies in a message'))
    .default([]),
  buttons: z
    .array(button)
    .max(META_LIMITS.buttons, metaMax(META_LIMITS.buttons, 'buttons in a button template'))
    .default([])
    .describe("sent as Meta's button template: message is its text (up to 640 characters)"),
  elements: z
    .array(cardElement)
    .max(META_LIMITS.elements, metaMax(META_LIMITS.elements, 'cards in a generic template'))
    .default([])
    .describe("Meta's generic template (a carousel from two cards); message must be null"),
  capture: z
    .enum(CONTACT_FIELDS)
    .nullable()
    .default(null)
    .describe(
      "the message asks for the person's email or phone: their next message is checked (email syntax and domain, E.164 phone), stored on the lead, or asked again once with what was wrong",
    ),
});
const steps = z
  .array(scenarioStep)
  .min(1)
  .max(5)
  .describe('what the scenario does, in order; each action is sent once, whatever the retries');
const followUpStep = z.object({
  afterHours: z
    .number()
    .int()
    .min(1)
    .max(MAX_FOLLOW_UP_HOURS)
    .describe(
      "hours without an answer from the person after the previous message of the sequence (the scenario's answer for the first step)",
    ),
  message: message
    .default(null)
    .describe(
      'a template with {{firstName}} / {{username}}; null: the AI engine writes it from the workspace knowledge and the conversation',
    ),
});
const followUps = z
  .array(followUpStep)
  .max(MAX_FOLLOW_UP_STEPS, `a sequence has at most ${MAX_FOLLOW_UP_STEPS} follow-up steps`)
  .describe(
    `"if no reply after X hours, send Y": at most ${MAX_FOLLOW_UP_STEPS} steps, adding up to ${MAX_FOLLOW_UP_HOURS} hours at most (a bot writes only inside Meta's 24-hour window), after a DM, story reply or tapped button on Instagram or Facebook; cancelled when the person answers, opts out or a human takes over`,
  );
const payload = z
  .string()
  .min(1)
  .max(META_LIMITS.buttonPayload)
  .nullable()
  .describe('postback trigger: the payload of the button or quick reply this scenario answers');

export const createScenarioBody = z
  .object({
    name,
    platform: z.enum(SCENARIO_PLATFORMS).default('any'),
    trigger: z.enum(SCENARIO_TRIGGERS).default('any'),
    keywords: keywords.default([]),
    match: matchMode.default('word'),
    keywordsRequired: keywordsRequired.default('any'),
    mediaIds: mediaIds.default([]),
    nextPost: nextPost.default(false),
    liveComments: liveComments.default('exclude'),
    action: z.enum(SCENARIO_ACTIONS).optional().describe('the short form of one action (with message)'),
    message: message.optional(),
    actions: steps.optional(),
    followUps: followUps.default([]),
    payload: payload.default(null),
    active: z.boolean().default(true),
    priority: priority.default(100).describe('lower numbers are tried first'),
  })
  .superRefine((body, context) => {
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
  })
  .transform(({ action, message: _message, actions: _actions, ...rest }) => ({
    ...rest,
    actions: stepsOf({ action, message: _message, actions: _actions }),
  }));

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
    name: name.optional(),
    platform: z.enum(SCENARIO_PLATFORMS).optional(),
    trigger: z.enum(SCENARIO_TRIGGERS).optional(),
    keywords: keywords.optional(),
    match: matchMode.optional(),
    keywordsRequired: keywordsRequired.optional(),
    mediaIds: mediaIds.optional(),
    nextPost: nextPost.optional().describe('true arms it (again only if it was off), false turns it off'),
    liveComments: liveComments.optional(),
    action: z.enum(SCENARIO_ACTIONS).optional().describe('changes the first action'),
    message: message.optional().describe("changes the first action's message"),
    actions: steps.optional(),
    followUps: followUps.optional().describe('replaces the sequence; [] removes it'),
    payload: payload.optional(),
    active: z.boolean().optional(),
    priority: priority.optional(),
  })
  .refine((body) => !(body.actions && (body.action !== undefined || body.message !== undefined)), {
    path: ['actions'],
    message: 'give actions, or action with message, not both',
  })
  .refine(
    (body) => Object.values(body).some((value) => value !== undefined),
    'at least one field is required',
  );

export const scenarioIdParams = z.object({ id: fields.id });
export const listScenariosQuery = z.object({ limit: fields.limit, cursor: fields.cursor });

export const scenarioView = z.object({
  id: z.string(),
  name: z.string(),
  platform: z.enum(SCENARIO_PLATFORMS),
  trigger: z.enum(SCENARIO_TRIGGERS),
  keywords: z.array(z.string()),
  match: z.enum(KEYWORD_MATCH_MODES),
  keywordsRequired: z.enum(KEYWORD_REQUIREMENTS),
  mediaIds: z.array(z.string()),
  nextPost: z
    .object({
      after: z.string().describe('when it started waiting for the next post'),
      mediaId: z.string().nullable().describe('the post it resolved to; null until its first comment'),
    })
    .nullable(),
  liveComments: z.enum(LIVE_COMMENT_MODES),
  action: z.enum(SCENARIO_ACTIONS).describe('the first action (clients written before actions read this)'),
  message: z.string().nullable().describe("the first action's message"),
  actions: z.array(scenarioStep),
  followUps: z.array(followUpStep),
  payload: z.string().nullable(),
  active: z.boolean(),
  priority: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const scenarioList = z.object({ items: z.array(scenarioView), nextCursor: z.string().nullable() });

export type CreateScenarioInput = z.output<typeof createScenarioBody>;
export type UpdateScenarioInput = z.output<typeof updateScenarioBody>;
