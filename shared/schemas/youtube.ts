import { fields } from './validation';
import * as z from './zod';

const pageToken = z
  .string()
  .check(z.maxLength(512), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by the previous page'));

export const youtubeCommentsQuery = z.object({
  accountId: fields.id,
  videoId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 50),
  cursor: z.optional(pageToken),
});

export const youtubeActivitiesQuery = z.object({
  accountId: fields.id,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(50)), 25),
  cursor: z.optional(pageToken),
});

export const youtubeReplyBody = z.object({
  accountId: fields.id,
  /** The top-level comment (thread) being answered. */
  commentId: z.string().check(z.minLength(1), z.maxLength(128)),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(10_000)),
});

const comment = z.object({
  id: z.string(),
  videoId: z.nullable(z.string()),
  parentId: z.nullable(z.string()),
  authorChannelId: z.string(),
  authorName: z.nullable(z.string()),
  text: z.string(),
  publishedAt: z.string(),
});

export const youtubeCommentsResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      videoId: z.nullable(z.string()),
      canReply: z.boolean(),
      totalReplyCount: z.number(),
      topLevelComment: comment,
      replies: z.array(comment),
    }),
  ),
  nextCursor: z.nullable(z.string()),
});

export const youtubeActivitiesResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      title: z.string(),
      publishedAt: z.string(),
      videoId: z.nullable(z.string()),
    }),
  ),
  nextCursor: z.nullable(z.string()),
});

export const youtubeQuotaResponse = z.object({
  unitsUsedToday: z.number().check(z.describe('Units this workspace spent today (Pacific day)')),
  dailyLimit: z.number().check(z.describe('This workspace’s fair share of the project’s daily units')),
  pollingLimit: z
    .number()
    .check(z.describe('The part of the share comment collection may use; the rest is kept for replies')),
  resetsAt: z.string().check(z.describe('Next midnight Pacific time, ISO 8601 UTC')),
  project: z
    .object({
      unitsUsed: z.number(),
      dailyLimit: z
        .number()
        .check(z.describe('The Google Cloud project’s daily units, shared by every workspace')),
      workspaces: z.number().check(z.describe('Workspaces with an active YouTube channel sharing them')),
      paused: z
        .boolean()
        .check(
          z.describe('YouTube answered quotaExceeded (or the budget is spent): no calls until the reset'),
        ),
      pausedAt: z.nullable(z.string()),
    })
    .check(z.describe('The whole project: one YouTube budget for all workspaces')),
});
