import * as z from '../../schemas/zod';
import type { InteractionKind } from '../messages/platforms';

/**
 * Meta webhook deliveries (`object: "instagram"` or `"page"`) → flat, platform-neutral events.
 * Only the envelope is strict (a wrong shape is a 400); items are read leniently, because Meta adds fields and
 * event types over time, and an event type we do not handle (referrals, standby…) is skipped, not an error.
 * Our own comments are skipped so the bot never answers itself. A message echo (`is_echo: true`, sender and
 * recipient swapped, with the `app_id` that sent it — https://developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/message-echoes ,
 * https://developers.facebook.com/docs/instagram-messaging/webhooks) is returned with `echo.appId`, the person
 * (the recipient) as author: the webhook service drops Flow IA's own app's echoes and queues the others (the
 * owner answering from the Instagram / Facebook app), which pause the bot. Reactions and
 * messages whose only content is media we cannot read are returned as `ignored`, for the log.
 *
 * Shapes, from Meta's examples (copies with their URLs under test/fixtures/meta/):
 *   messages      https://developers.facebook.com/docs/instagram-messaging/webhooks — `message.text`,
 *                 `attachments[].type` (audio, file, image, share, story_mention, video, ig_reel, reel;
 *                 ephemeral without a URL), `is_unsupported`, `reply_to.mid` (inline reply),
 *                 `reply_to.story.{url,id}` (story reply); `reaction.{mid,action,reaction,emoji}`
 *   story mention https://developers.facebook.com/docs/messenger-platform/instagram/features/story-mention —
 *                 `attachments: [{ type: "story_mention", payload: { url: <CDN_URL> } }]`, no text, no story id
 *   quick reply   https://developers.facebook.com/docs/messenger-platform/instagram/features/quick-replies — a
 *                 message whose text is the tapped title, with `quick_reply.payload` (for `user_email` /
 *                 `user_phone_number`, the person's address or number)
 *   postbacks     same messaging page — `postback.{mid,title,payload}` (messaging_postbacks)
 *   comments      https://developers.facebook.com/docs/instagram-platform/webhooks/examples — `value.id`
 *                 (Business Login for Instagram) or `value.comment_id` (Facebook Login for Business)
 */
const entrySchema = z.object({
  id: z.string().check(z.minLength(1)),
  time: z.optional(z.number()),
  messaging: z.optional(z.array(z.unknown())),
  changes: z.optional(z.array(z.unknown())),
});
export const metaWebhookSchema = z.object({
  object: z.string().check(z.minLength(1)),
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
  /** The story a story reply answers or a story mention mentions (id when Meta gives it, CDN URL). */
  story: { id: string | null; url: string | null } | null;
  /** A comment on a live video (the `live_comments` field). */
  live?: true;
  /**
   * An @mention of the account in a comment on someone else's post (the `mentions` field): Meta sends only the
   * comment and media ids, so `text` is empty and `author.platformUserId` is empty until the webhook service reads
   * the comment (GET /{ig-user-id}?fields=mentioned_comment…).
   */
  mention?: true;
  /** A message the account sent (is_echo), with the app that sent it (null when Meta does not say). */
  echo?: { appId: string | null };
  /** A tapped postback button's or quick reply's payload (`postback.payload`, `message.quick_reply.payload`). */
  payload?: string | null;
  /** A read or delivery receipt (kind `read`): the messages it names, or the watermark before which all are. */
  receipt?: { status: 'delivered' | 'read'; mids: string[]; watermark: string | null };
}

/** Something Meta delivered that Flow IA deliberately does not process: logged, never queued. */
export interface IgnoredMetaEvent {
  platform: 'instagram' | 'facebook';
  accountExternalId: string;
  platformMessageId: string | null;
  reason: 'reaction' | 'unsupported_attachment';
  /** e.g. "react love", "image", "is_unsupported". */
  detail: string;
}

export interface NormalisedMetaWebhook {
  events: MetaEvent[];
  ignored: IgnoredMetaEvent[];
}

const idRef = z.object({ id: z.pipe(z.union([z.string(), z.number()]), z.transform(String)) });
const attachment = z.object({
  type: z.string(),
  payload: z.nullish(z.partial(z.object({ url: z.optional(z.string()) }))),
});
const messagingItem = z.object({
  sender: idRef,
  recipient: z.optional(idRef),
  timestamp: z.optional(z.number()),
  message: z.optional(
    z.object({
      mid: z.string(),
      text: z.optional(z.string()),
      is_echo: z.optional(z.boolean()),
      app_id: z.optional(z.pipe(z.union([z.string(), z.number()]), z.transform(String))),
      is_deleted: z.optional(z.boolean()),
      is_unsupported: z.optional(z.boolean()),
      quick_reply: z.optional(z.partial(z.object({ payload: z.optional(z.string()) }))),
      attachments: z.optional(z.array(attachment)),
      reply_to: z.optional(
        z.partial(
          z.object({
            mid: z.optional(z.string()),
            story: z.optional(
              z.partial(z.object({ url: z.optional(z.string()), id: z.optional(z.string()) })),
            ),
          }),
        ),
      ),
    }),
  ),
  reaction: z.optional(
    z.object({
      mid: z.optional(z.string()),
      action: z.optional(z.string()),
      reaction: z.optional(z.string()),
      emoji: z.optional(z.string()),
    }),
  ),
  postback: z.optional(
    z.object({ mid: z.optional(z.string()), title: z.optional(z.string()), payload: z.optional(z.string()) }),
  ),
  read: z.optional(z.object({ mid: z.optional(z.string()), watermark: z.optional(z.number()) })),
  delivery: z.optional(
    z.object({ mids: z.optional(z.array(z.string())), watermark: z.optional(z.number()) }),
  ),
});
const commentValue = z
  .object({
    id: z.optional(z.string()),
    comment_id: z.optional(z.string()),
    text: z.optional(z.string()),
    from: z.object({ id: z.string(), username: z.optional(z.string()) }),
    media: z.optional(z.object({ id: z.string() })),
    parent_id: z.optional(z.string()),
  })
  .check(z.refine((value) => value.id !== undefined || value.comment_id !== undefined));
const feedCommentValue = z.object({
  item: z.literal('comment'),
  verb: z.literal('add'),
  comment_id: z.string(),
  post_id: z.optional(z.string()),
  parent_id: z.optional(z.string()),
  message: z.optional(z.string()),
  created_time: z.optional(z.number()),
  from: z.object({ id: z.string(), name: z.optional(z.string()) }),
});
/** https://developers.facebook.com/docs/instagram-platform/webhooks/examples (Facebook Login: mentions). */
const mentionValue = z.object({ comment_id: z.optional(z.string()), media_id: z.string() });
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
export function normaliseMetaWebhook(payload: MetaWebhookPayload): NormalisedMetaWebhook {
  const platform = platformOfObject(payload.object);
  const result: NormalisedMetaWebhook = { events: [], ignored: [] };
  if (!platform) return result;
  for (const entry of payload.entry) {
    for (const raw of entry.messaging ?? []) {
      const item = fromMessaging(platform, entry.id, entry.time, raw);
      if (item && 'reason' in item) result.ignored.push(item);
      else if (item) result.events.push(item);
    }
    for (const raw of entry.changes ?? []) {
      const event = fromChange(platform, entry.id, entry.time, raw);
      if (event) result.events.push(event);
    }
  }
  return result;
}

function fromMessaging(
  platform: MetaEvent['platform'],
  accountId: string,
  entryTime: number | undefined,
  raw: unknown,
): MetaEvent | IgnoredMetaEvent | undefined {
  const parsed = z.safeParse(messagingItem, raw);
  if (!parsed.success) return undefined;
  const item = parsed.data;
  const sender = item.sender.id;
  if (sender === accountId) return echoOf(platform, accountId, entryTime, item);
  const base = {
    platform,
    accountExternalId: accountId,
    conversationId: null,
    mediaId: null,
    parentId: null,
    author: { platformUserId: sender, username: null, displayName: null },
    occurredAt: metaTime(item.timestamp, entryTime),
    story: null,
  };
  const ignore = (
    reason: IgnoredMetaEvent['reason'],
    detail: string,
    platformMessageId: string | null,
  ): IgnoredMetaEvent => ({ platform, accountExternalId: accountId, platformMessageId, reason, detail });
  if (item.message) {
    const message = item.message;
    if (message.is_echo || message.is_deleted) return undefined;
    const text = message.text ?? '';
    const story = message.reply_to?.story;
    if (story)
      return {
        ...base,
        kind: 'story_reply',
        platformMessageId: message.mid,
        mediaId: story.id ?? null,
        text,
        story: { id: story.id ?? null, url: story.url ?? null },
      };
    const mention = message.attachments?.find((a) => a.type === 'story_mention');
    if (mention)
      return {
        ...base,
        kind: 'story_mention',
        platformMessageId: message.mid,
        text,
        story: { id: null, url: mention.payload?.url ?? null },
      };
    // Text is what the pipeline reads: media sent with it is left aside, media alone is not a message to answer.
    const tapped = message.quick_reply?.payload;
    if (text.trim() !== '' || tapped)
      return {
        ...base,
        kind: 'dm',
        platformMessageId: message.mid,
        text,
        ...(tapped ? { payload: tapped.slice(0, 1000) } : {}),
      };
    const types = (message.attachments ?? []).map((a) => a.type);
    return ignore(
      'unsupported_attachment',
      message.is_unsupported ? 'is_unsupported' : types.join(',') || 'empty message',
      message.mid,
    );
  }
  if (item.reaction)
    return ignore(
      'reaction',
      [item.reaction.action ?? 'react', item.reaction.reaction].filter(Boolean).join(' '),
      item.reaction.mid ?? null,
    );
  if (item.postback)
    return {
      ...base,
      kind: 'postback',
      // Older postbacks carry no mid: sender + time is what identifies the tap, on every redelivery.
      platformMessageId: item.postback.mid ?? `postback:${sender}:${item.timestamp ?? entryTime ?? 0}`,
      text: item.postback.title ?? '',
      ...(item.postback.payload ? { payload: item.postback.payload.slice(0, 1000) } : {}),
    };
  if (item.read) {
    const marker = item.read.mid ?? String(item.read.watermark ?? item.timestamp ?? 0);
    // Prefixed: a read receipt names the mid of the message it read, which must not collide with that message.
    return {
      ...base,
      kind: 'read',
      platformMessageId: `read:${sender}:${marker}`,
      text: '',
      receipt: {
        status: 'read',
        mids: item.read.mid ? [item.read.mid] : [],
        watermark: item.read.watermark !== undefined ? metaTime(item.read.watermark, undefined) : null,
      },
    };
  }
  // https://developers.facebook.com/documentation/business-messaging/messenger-platform/webhooks/webhook-events/message-deliveries
  // "watermark is always present and mids is sometimes present": a receipt like a read, for the funnel.
  if (item.delivery) {
    const mids = (item.delivery.mids ?? []).slice(0, 100);
    const marker = mids[0] ?? String(item.delivery.watermark ?? item.timestamp ?? 0);
    return {
      ...base,
      kind: 'read',
      platformMessageId: `delivery:${sender}:${marker}`,
      text: '',
      receipt: {
        status: 'delivered',
        mids,
        watermark:
          item.delivery.watermark !== undefined ? metaTime(item.delivery.watermark, undefined) : null,
      },
    };
  }
  return undefined;
}

/** The account's own message (an echo): text only, to the person it went to; anything else from the account is skipped. */
function echoOf(
  platform: MetaEvent['platform'],
  accountId: string,
  entryTime: number | undefined,
  item: z.infer<typeof messagingItem>,
): MetaEvent | undefined {
  const message = item.message;
  const to = item.recipient?.id;
  if (!message?.is_echo || message.is_deleted || !to || to === accountId) return undefined;
  const text = message.text ?? '';
  if (text.trim() === '') return undefined;
  return {
    platform,
    accountExternalId: accountId,
    kind: 'dm',
    platformMessageId: message.mid,
    conversationId: null,
    mediaId: null,
    parentId: null,
    author: { platformUserId: to, username: null, displayName: null },
    text,
    occurredAt: metaTime(item.timestamp, entryTime),
    story: null,
    echo: { appId: message.app_id ?? null },
  };
}

function fromChange(
  platform: MetaEvent['platform'],
  accountId: string,
  entryTime: number | undefined,
  raw: unknown,
): MetaEvent | undefined {
  const parsed = z.safeParse(change, raw);
  if (!parsed.success) return undefined;
  const { field, value } = parsed.data;
  if (field === 'comments' || field === 'live_comments') {
    const comment = z.safeParse(commentValue, value);
    if (!comment.success || comment.data.from.id === accountId) return undefined;
    const c = comment.data;
    return {
      platform,
      accountExternalId: accountId,
      kind: 'comment',
      platformMessageId: (c.id ?? c.comment_id) as string,
      conversationId: c.media?.id ?? null,
      mediaId: c.media?.id ?? null,
      parentId: c.parent_id ?? null,
      author: { platformUserId: c.from.id, username: c.from.username ?? null, displayName: null },
      text: c.text ?? '',
      occurredAt: metaTime(undefined, entryTime),
      story: null,
      ...(field === 'live_comments' ? { live: true as const } : {}),
    };
  }
  if (field === 'mentions' && platform === 'instagram') {
    const mention = z.safeParse(mentionValue, value);
    // A caption mention (media_id alone) is a post about the account, not a comment to answer.
    if (!mention.success || !mention.data.comment_id) return undefined;
    return {
      platform,
      accountExternalId: accountId,
      kind: 'comment',
      platformMessageId: mention.data.comment_id,
      conversationId: mention.data.media_id,
      mediaId: mention.data.media_id,
      parentId: null,
      author: { platformUserId: '', username: null, displayName: null },
      text: '',
      occurredAt: metaTime(undefined, entryTime),
      story: null,
      mention: true,
    };
  }
  if (field === 'feed') {
    const comment = z.safeParse(feedCommentValue, value);
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
      story: null,
    };
  }
  return undefined;
}
