import * as z from 'zod';
import { fields } from '../http/validation';

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
  unitsUsedToday: z.number(),
  dailyLimit: z.number(),
  resetsAt: z.string(),
});
