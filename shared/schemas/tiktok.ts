import { fields } from './validation';
import * as z from './zod';

const pageQuery = {
  accountId: fields.id,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(20)), 20),
  cursor: z.optional(
    z.string().check(z.regex(/^\d{1,20}$/, 'must be a cursor returned by the previous page')),
  ),
};

export const tiktokVideosQuery = z.object(pageQuery);
export const tiktokCommentsQuery = z.object({
  ...pageQuery,
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(30)), 30),
  videoId: z.string().check(z.minLength(1), z.maxLength(64)),
});

export const tiktokSendMessageBody = z.object({
  accountId: fields.id,
  /** `reply` answers publicly under a comment; `dm` is refused: TikTok has no public DM API. */
  action: z.enum(['reply', 'dm']),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  commentId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  videoId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  recipientId: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
});

export const tiktokVideo = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  shareUrl: z.nullable(z.string()),
  /** Null when the account's grant does not cover engagement counts (TikTok for Business: video.insights). */
  viewCount: z.nullable(z.number()),
  likeCount: z.nullable(z.number()),
  commentCount: z.nullable(z.number()),
  shareCount: z.nullable(z.number()),
});
export const tiktokVideosResponse = z.object({
  items: z.array(tiktokVideo),
  nextCursor: z.nullable(z.string()),
});

export const tiktokComment = z.object({
  id: z.string(),
  videoId: z.string(),
  parentId: z.nullable(z.string()),
  author: z.object({
    platformUserId: z.string(),
    username: z.nullable(z.string()),
    displayName: z.nullable(z.string()),
  }),
  /** Written by the connected account itself (its own replies). */
  fromAccount: z.boolean(),
  text: z.string(),
  createdAt: z.string(),
});
export const tiktokCommentsResponse = z.object({
  items: z.array(tiktokComment),
  nextCursor: z.nullable(z.string()),
});
