import * as z from 'zod';
import { fields } from './validation';

const pageToken = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by the previous page');

export const youtubeCommentsQuery = z.object({
  accountId: fields.id,
  videoId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: pageToken.optional(),
});

export const youtubeActivitiesQuery = z.object({
  accountId: fields.id,
  limit: z.coerce.number().int().min(1).max(50).default(25),
  cursor: pageToken.optional(),
});

export const youtubeReplyBody = z.object({
  accountId: fields.id,
  /** The top-level comment (thread) being answered. */
  commentId: z.string().min(1).max(128),
  text: z.string().trim().min(1).max(10_000),
});

const comment = z.object({
  id: z.string(),
  videoId: z.string().nullable(),
  parentId: z.string().nullable(),
  authorChannelId: z.string(),
  authorName: z.string().nullable(),
  text: z.string(),
  publishedAt: z.string(),
});

export const youtubeCommentsResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      videoId: z.string().nullable(),
      canReply: z.boolean(),
      totalReplyCount: z.number(),
      topLevelComment: comment,
      replies: z.array(comment),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const youtubeActivitiesResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      title: z.string(),
      publishedAt: z.string(),
      videoId: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const youtubeQuotaResponse = z.object({
  unitsUsedToday: z.number().describe('Units this workspace spent today (Pacific day)'),
  dailyLimit: z.number().describe('This workspace’s fair share of the project’s daily units'),
  pollingLimit: z
    .number()
    .describe('The part of the share comment collection may use; the rest is kept for replies'),
  resetsAt: z.string().describe('Next midnight Pacific time, ISO 8601 UTC'),
  project: z
    .object({
      unitsUsed: z.number(),
      dailyLimit: z.number().describe('The Google Cloud project’s daily units, shared by every workspace'),
      workspaces: z.number().describe('Workspaces with an active YouTube channel sharing them'),
      paused: z
        .boolean()
        .describe('YouTube answered quotaExceeded (or the budget is spent): no calls until the reset'),
      pausedAt: z.string().nullable(),
    })
    .describe('The whole project: one YouTube budget for all workspaces'),
});
