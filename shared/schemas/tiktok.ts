import * as z from 'zod';
import { fields } from './validation';

const pageQuery = {
  accountId: fields.id,
  limit: z.coerce.number().int().min(1).max(20).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,20}$/, 'must be a cursor returned by the previous page')
    .optional(),
};

export const tiktokVideosQuery = z.object(pageQuery);
export const tiktokCommentsQuery = z.object({
  ...pageQuery,
  limit: z.coerce.number().int().min(1).max(30).default(30),
  videoId: z.string().min(1).max(64),
});

export const tiktokSendMessageBody = z.object({
  accountId: fields.id,
  /** `reply` answers publicly under a comment; `dm` is refused: TikTok has no public DM API. */
  action: z.enum(['reply', 'dm']),
  text: z.string().trim().min(1).max(2000),
  commentId: z.string().min(1).max(64).optional(),
  videoId: z.string().min(1).max(64).optional(),
  recipientId: z.string().min(1).max(256).optional(),
});

export const tiktokVideo = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  shareUrl: z.string().nullable(),
  /** Null when the account's grant does not cover engagement counts (TikTok for Business: video.insights). */
  viewCount: z.number().nullable(),
  likeCount: z.number().nullable(),
  commentCount: z.number().nullable(),
  shareCount: z.number().nullable(),
});
export const tiktokVideosResponse = z.object({
  items: z.array(tiktokVideo),
  nextCursor: z.string().nullable(),
});

export const tiktokComment = z.object({
  id: z.string(),
  videoId: z.string(),
  parentId: z.string().nullable(),
  author: z.object({
    platformUserId: z.string(),
    username: z.string().nullable(),
    displayName: z.string().nullable(),
  }),
  /** Written by the connected account itself (its own replies). */
  fromAccount: z.boolean(),
  text: z.string(),
  createdAt: z.string(),
});
export const tiktokCommentsResponse = z.object({
  items: z.array(tiktokComment),
  nextCursor: z.string().nullable(),
});
