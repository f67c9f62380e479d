import * as z from 'zod';
import { INTERACTION_KINDS, PLATFORMS } from './platforms';

/**
 * The one shape every source (Meta webhook, collectors, simulator) puts on the `incomingMessages` queue and the
 * workflow consumes. `dedupeKey` is stable for one platform message, whatever path it arrived by, so a webhook
 * delivery, its retries and a later backfill of the same comment collapse into one interaction.
 */
export const incomingMessageSchema = z.object({
  dedupeKey: z.string().min(1).max(300),
  workspaceId: z.string().min(1),
  /** Our social account id (the connected page / IG account / channel). */
  accountId: z.string().min(1),
  platform: z.enum(PLATFORMS),
  kind: z.enum(INTERACTION_KINDS),
  platformMessageId: z.string().min(1).max(256),
  /** DM thread, or the media/video a comment belongs to. */
  conversationId: z.string().max(256).nullable().default(null),
  mediaId: z.string().max(256).nullable().default(null),
  /** For replies to a comment. */
  parentId: z.string().max(256).nullable().default(null),
  /** A comment on a live video (Meta's `live_comments` field): only scenarios that ask for live comments answer it. */
  live: z.literal(true).optional(),
  /**
   * An @mention of the account in a comment on someone else's post (Meta's `mentions` field): answered only by a
   * `mention` scenario, publicly (POST /{ig-user-id}/mentions); the author is known by username only.
   */
  mention: z.literal(true).optional(),
  /**
   * The story a `story_reply` answers or a `story_mention` mentions: its id when Meta gives one, and its CDN
   * URL, which Meta allows storing (never the media itself) and which stops working when the story expires.
   */
  story: z
    .object({ id: z.string().max(256).nullable(), url: z.string().max(4096).nullable() })
    .nullable()
    .default(null),
  author: z.object({
    platformUserId: z.string().min(1).max(256),
    username: z.string().max(256).nullable().default(null),
    displayName: z.string().max(256).nullable().default(null),
  }),
  text: z.string().max(10_000).default(''),
  /**
   * What a tap sends back: a postback button's payload, or a quick reply's (Meta's `user_email` /
   * `user_phone_number` quick replies bring the person's address or number). Null for a typed message.
   */
  payload: z.string().max(1000).nullable().default(null),
  /** When it happened on the platform (ISO 8601 UTC). */
  occurredAt: z.iso.datetime(),
  source: z.enum(['webhook', 'collector', 'backfill', 'simulator']),
  /** Backfilled comments older than the private-reply window are logged and scored but never answered. */
  actionable: z.boolean().default(true),
  correlationId: z.string().max(128),
  /**
   * Set on a message the account itself sent that Flow IA did not (Meta's `is_echo` from another app: the owner
   * answering from the Instagram or Facebook app). `author` is then the person it was sent to. Logged in the
   * thread and pauses the bot; never answered, never scored as the person's words.
   */
  echo: z.object({ appId: z.string().max(64).nullable() }).optional(),
  /**
   * A `read`-kind message is a receipt: read (Instagram's messaging_seen names the message, Messenger's
   * message_reads gives a watermark) or delivered (Messenger's message_deliveries: mids, and a watermark). The
   * watermark (ISO 8601) says every message sent before it was read / delivered.
   */
  receipt: z
    .object({
      status: z.enum(['delivered', 'read']),
      mids: z.array(z.string().max(256)).max(100),
      watermark: z.iso.datetime().nullable(),
    })
    .optional(),
});

export type IncomingMessage = z.output<typeof incomingMessageSchema>;
export type IncomingMessageInput = z.input<typeof incomingMessageSchema>;

export const dedupeKeyOf = (platform: string, kind: string, platformMessageId: string) =>
  `${platform}:${kind === 'comment' ? 'comment' : 'message'}:${platformMessageId}`;
