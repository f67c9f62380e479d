import * as z from '../../schemas/zod';
import { INTERACTION_KINDS, PLATFORMS } from './platforms';

/**
 * The one shape every source (Meta webhook, collectors, simulator) puts on the `incomingMessages` queue and the
 * workflow consumes. `dedupeKey` is stable for one platform message, whatever path it arrived by, so a webhook
 * delivery, its retries and a later backfill of the same comment collapse into one interaction.
 */
export const incomingMessageSchema = z.object({
  dedupeKey: z.string().check(z.minLength(1), z.maxLength(300)),
  workspaceId: z.string().check(z.minLength(1)),
  /** Our social account id (the connected page / IG account / channel). */
  accountId: z.string().check(z.minLength(1)),
  platform: z.enum(PLATFORMS),
  kind: z.enum(INTERACTION_KINDS),
  platformMessageId: z.string().check(z.minLength(1), z.maxLength(256)),
  /** DM thread, or the media/video a comment belongs to. */
  conversationId: z._default(z.nullable(z.string().check(z.maxLength(256))), null),
  mediaId: z._default(z.nullable(z.string().check(z.maxLength(256))), null),
  /** For replies to a comment. */
  parentId: z._default(z.nullable(z.string().check(z.maxLength(256))), null),
  /** A comment on a live video (Meta's `live_comments` field): only scenarios that ask for live comments answer it. */
  live: z.optional(z.literal(true)),
  /**
   * An @mention of the account in a comment on someone else's post (Meta's `mentions` field): answered only by a
   * `mention` scenario, publicly (POST /{ig-user-id}/mentions); the author is known by username only.
   */
  mention: z.optional(z.literal(true)),
  /**
   * The story a `story_reply` answers or a `story_mention` mentions: its id when Meta gives one, and its CDN
   * URL, which Meta allows storing (never the media itself) and which stops working when the story expires.
   */
  story: z._default(
    z.nullable(
      z.object({
        id: z.nullable(z.string().check(z.maxLength(256))),
        url: z.nullable(z.string().check(z.maxLength(4096))),
      }),
    ),
    null,
  ),
  author: z.object({
    platformUserId: z.string().check(z.minLength(1), z.maxLength(256)),
    username: z._default(z.nullable(z.string().check(z.maxLength(256))), null),
    displayName: z._default(z.nullable(z.string().check(z.maxLength(256))), null),
  }),
  text: z._default(z.string().check(z.maxLength(10_000)), ''),
  /**
   * What a tap sends back: a postback button's payload, or a quick reply's (Meta's `user_email` /
   * `user_phone_number` quick replies bring the person's address or number). Null for a typed message.
   */
  payload: z._default(z.nullable(z.string().check(z.maxLength(1000))), null),
  /** When it happened on the platform (ISO 8601 UTC). */
  occurredAt: z.iso.datetime(),
  source: z.enum(['webhook', 'collector', 'backfill', 'simulator']),
  /** Backfilled comments older than the private-reply window are logged and scored but never answered. */
  actionable: z._default(z.boolean(), true),
  correlationId: z.string().check(z.maxLength(128)),
  /**
   * Set on a message the account itself sent that Flow IA did not (Meta's `is_echo` from another app: the owner
   * answering from the Instagram or Facebook app). `author` is then the person it was sent to. Logged in the
   * thread and pauses the bot; never answered, never scored as the person's words.
   */
  echo: z.optional(z.object({ appId: z.nullable(z.string().check(z.maxLength(64))) })),
  /**
   * A `read`-kind message is a receipt: read (Instagram's messaging_seen names the message, Messenger's
   * message_reads gives a watermark) or delivered (Messenger's message_deliveries: mids, and a watermark). The
   * watermark (ISO 8601) says every message sent before it was read / delivered.
   */
  receipt: z.optional(
    z.object({
      status: z.enum(['delivered', 'read']),
      mids: z.array(z.string().check(z.maxLength(256))).check(z.maxLength(100)),
      watermark: z.nullable(z.iso.datetime()),
    }),
  ),
});

export type IncomingMessage = z.output<typeof incomingMessageSchema>;
export type IncomingMessageInput = z.input<typeof incomingMessageSchema>;
