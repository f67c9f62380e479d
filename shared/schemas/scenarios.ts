import * as z from 'zod';
import { KEYWORD_MATCH_MODES, KEYWORD_REQUIREMENTS } from '../domain/scenarios/keyword-match';
import { LIVE_COMMENT_MODES } from '../domain/scenarios/post-scope';
import { SCENARIO_ACTIONS, SCENARIO_PLATFORMS, SCENARIO_TRIGGERS } from '../domain/scenarios/scenario';
import { keywordRuleProblems, postScopeProblems, scenarioProblems } from '../domain/scenarios/validation';
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
    action: z.enum(SCENARIO_ACTIONS),
    message: message.default(null),
    active: z.boolean().default(true),
    priority: priority.default(100).describe('lower numbers are tried first'),
  })
  .superRefine((body, context) => {
    for (const problem of [
      ...scenarioProblems(body),
      ...keywordRuleProblems(body),
      ...postScopeProblems(body),
    ])
      context.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });

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
    action: z.enum(SCENARIO_ACTIONS).optional(),
    message: message.optional(),
    active: z.boolean().optional(),
    priority: priority.optional(),
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
  action: z.enum(SCENARIO_ACTIONS),
  message: z.string().nullable(),
  active: z.boolean(),
  priority: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const scenarioList = z.object({ items: z.array(scenarioView), nextCursor: z.string().nullable() });

export type CreateScenarioInput = z.output<typeof createScenarioBody>;
export type UpdateScenarioInput = z.output<typeof updateScenarioBody>;
