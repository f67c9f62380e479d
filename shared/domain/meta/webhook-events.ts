import * as z from 'zod';
import type { InteractionKind } from '../messages/platforms';

/**
 * Meta webhook deliveries (`object: "instagram"` or `"page"`) → flat, platform-neutral events.
 * Only the envelope is strict (a wrong shape is a 400); items are read leniently, because Meta adds fields and
 * event types over time, and an event type we do not handle (reactions, referrals, standby…) is skipped, not an
 * error. Echoes of our own messages and our own comments are skipped so the bot never answers itself.
 */
const entrySchema = z.object({
  id: z.string().min(1),
  time: z.number().optional(),
  messaging: z.array(z.unknown()).optional(),
  changes: z.array(z.unknown()).optional(),
});
export const metaWebhookSchema = z.object({
  object: z.string().min(1),
  entry: z.array(entrySchema),
});
export type MetaWebhookPayload = z.infer<typeof metaWebhookSchema>;

export interface MetaEvent {
  platform: 'instagram' | 'facebook';
  /** entry.id: the IG professional account or the Page the event belongs to. */
  accountExternalId: string;
  kind: InteractionKind;
  platformMessageId: string;
  conversationId: string | null;
  mediaId: string | null;
  parentId: string | null;
  author: { platformUserId: string; username: string | null; displayName: string | null };
  text: string;
  occurredAt: string;
}

const idRef = z.object({ id: z.union([z.string(), z.number()]).transform(String) });
const messagingItem = z.object({
  sender: idRef,
  recipient: idRef.optional(),
  timestamp: z.number().optional(),
  message: z
    .object({
      mid: z.string(),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      reply_to: z.object({ story: z.unknown().optional() }).partial().optional(),
    })
    .optional(),
  postback: z.object({ mid: z.string().optional(), title: z.string().optional() }).optional(),
  read: z.object({ mid: z.string().optional(), watermark: z.number().optional() }).optional(),
});
const commentValue = z.object({
  id: z.string(),
  text: z.string().optional(),
  from: z.object({ id: z.string(), username: z.string().optional() }),
  media: z.object({ id: z.string() }).optional(),
  parent_id: z.string().optional(),
});
const feedCommentValue = z.object({
  item: z.literal('comment'),
  verb: z.literal('add'),
  comment_id: z.string(),
  post_id: z.string().optional(),
  parent_id: z.string().optional(),
  message: z.string().optional(),
  created_time: z.number().optional(),
  from: z.object({ id: z.string(), name: z.string().optional() }),
});
const change = z.object({ field: z.string(), value: z.unknown() });

/** Meta mixes epoch seconds (entry.time of changes) and milliseconds (messaging timestamps). */
export function metaTime(value: number | undefined, fallback: number | undefined): string {
  const raw = value ?? fallback ?? 0;
  return new Date(raw < 1e12 ? raw * 1000 : raw).toISOString();
}

export function platformOfObject(object: string): 'instagram' | 'facebook' | undefined {
  if (object === 'instagram') return 'instagram';
  if (object === 'page') return 'facebook';
  return undefined;
}

/** Normalises one delivery. Objects other than instagram/page yield nothing. */
export function normaliseMetaWebhook(payload: MetaWebhookPayload): MetaEvent[] {
  const platform = platformOfObject(payload.object);
  if (!platform) return [];
  const events: MetaEvent[] = [];
  for (const entry of payload.entry) {
    for (const raw of entry.messaging ?? []) {
      const event = fromMessaging(platform, entry.id, entry.time, raw);
      if (event) events.push(event);
    }
    for (const raw of entry.changes ?? []) {
      const event = fromChange(platform, entry.id, entry.time, raw);
      if (event) events.push(event);
    }
  }
  return events;
}

function fromMessaging(
  platform: MetaEvent['platform'],
  accountId: string,
  entryTime: number | undefined,
  raw: unknown,
): MetaEvent | undefined {
  const parsed = messagingItem.safeParse(raw);
  if (!parsed.success) return undefined;
  const item = parsed.data;
  const sender = item.sender.id;
  if (sender === accountId) return undefined;
  const base = {
    platform,
    accountExternalId: accountId,
    conversationId: null,
    mediaId: null,
    parentId: null,
    author: { platformUserId: sender, username: null, displayName: null },
    occurredAt: metaTime(item.timestamp, entryTime),
  };
  if (item.message) {
    if (item.message.is_echo || item.message.is_deleted) return undefined;
    return {
      ...base,
      kind: item.message.reply_to?.story !== undefined ? 'story_reply' : 'dm',
      platformMessageId: item.message.mid,
      text: item.message.text ?? '',
    };
  }
  if (item.postback)
    return {
      ...base,
      kind: 'postback',
      // Older postbacks carry no mid: sender + time is what identifies the tap, on every redelivery.
      platformMessageId: item.postback.mid ?? `postback:${sender}:${item.timestamp ?? entryTime ?? 0}`,
      text: item.postback.title ?? '',
    };
  if (item.read) {
    const marker = item.read.mid ?? String(item.read.watermark ?? item.timestamp ?? 0);
    // Prefixed: a read receipt names the mid of the message it read, which must not collide with that message.
    return { ...base, kind: 'read', platformMessageId: `read:${sender}:${marker}`, text: '' };
  }
  return undefined;
}

function fromChange(
  platform: MetaEvent['platform'],
  accountId: string,
  entryTime: number | undefined,
  raw: unknown,
): MetaEvent | undefined {
  const parsed = change.safeParse(raw);
  if (!parsed.success) return undefined;
  const { field, value } = parsed.data;
  if (field === 'comments' || field === 'live_comments') {
    const comment = commentValue.safeParse(value);
    if (!comment.success || comment.data.from.id === accountId) return undefined;
    const c = comment.data;
    return {
      platform,
      accountExternalId: accountId,
      kind: 'comment',
      platformMessageId: c.id,
      conversationId: c.media?.id ?? null,
      mediaId: c.media?.id ?? null,
      parentId: c.parent_id ?? null,
      author: { platformUserId: c.from.id, username: c.from.username ?? null, displayName: null },
      text: c.text ?? '',
      occurredAt: metaTime(undefined, entryTime),
    };
  }
  if (field === 'feed') {
    const comment = feedCommentValue.safeParse(value);
    if (!comment.success || comment.data.from.id === accountId) return undefined;
    const c = comment.data;
    const parentIsPost = !c.parent_id || c.parent_id === c.post_id;
    return {
      platform,
      accountExternalId: accountId,
      kind: 'comment',
      platformMessageId: c.comment_id,
      conversationId: c.post_id ?? null,
      mediaId: c.post_id ?? null,
      parentId: parentIsPost ? null : (c.parent_id ?? null),
      author: { platformUserId: c.from.id, username: null, displayName: c.from.name ?? null },
      text: c.message ?? '',
      occurredAt: metaTime(c.created_time, entryTime),
    };
  }
  return undefined;
}
