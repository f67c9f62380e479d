import { PAUSED_REASONS } from '../domain/conversations/automation';
import { CONVERSATION_STATUSES } from '../domain/conversations/conversation';
import { PLATFORMS } from '../domain/messages/platforms';
import { fields } from './validation';
import * as z from './zod';

/** A conversation is one person on one platform, so its id is its lead's id. */

const booleanQuery = z.pipe(
  z.enum(['true', 'false']),
  z.transform((value) => value === 'true'),
);

export const listConversationsQuery = z.object({
  limit: fields.limit,
  cursor: fields.cursor,
  platform: z.optional(z.enum(PLATFORMS)),
  status: z.optional(z.enum(CONVERSATION_STATUSES)),
  /** A member's user id, or `me` for the caller ("my inbox"). */
  assignee: z.optional(z.union([z.literal('me'), fields.id])),
  unread: z.optional(booleanQuery),
  botPaused: z.optional(booleanQuery),
});

export const conversationQuery = z.object({
  /** `messagesCursor` of a previous answer: the older messages of the thread. */
  cursor: fields.cursor,
});

export const conversationView = z.object({
  id: z.string(),
  leadId: z.string(),
  platform: z.nullable(z.enum(PLATFORMS)),
  contact: z.nullable(
    z.object({
      platformUserId: z.string(),
      username: z.nullable(z.string()),
      displayName: z.nullable(z.string()),
    }),
  ),
  status: z.enum(CONVERSATION_STATUSES),
  assigneeId: z.nullable(z.string()),
  lastMessageAt: z.nullable(z.string()),
  lastMessageText: z.nullable(z.string()),
  unread: z.boolean(),
  botPaused: z.boolean(),
  pausedReason: z.nullable(z.enum(PAUSED_REASONS)),
  optedOut: z.boolean(),
});

export const threadMessageView = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out']),
  /** contact: the person; bot: an automatic reply; human: a member in Flow IA; page: the owner from the app. */
  author: z.enum(['contact', 'bot', 'human', 'page']),
  authorUserId: z.nullable(z.string()),
  text: z.string(),
  at: z.string(),
  kind: z.string(),
  scenarioId: z.nullable(z.string()),
  deliveryStatus: z.nullable(z.string()),
});

export const conversationDetail = z.extend(conversationView, {
  /** Oldest first; `messagesCursor` pages to older ones. */
  messages: z.array(threadMessageView),
  messagesCursor: z.nullable(z.string()),
});

export const conversationList = z.object({
  items: z.array(conversationView),
  nextCursor: z.nullable(z.string()),
});

export const replyBody = z.object({ text: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)) });
export const replyView = z.object({ message: threadMessageView });

export const patchConversationBody = z
  .object({
    assigneeId: z.optional(z.nullable(fields.id)),
    status: z.optional(z.enum(CONVERSATION_STATUSES)),
  })
  .check(
    z.refine((body) => body.assigneeId !== undefined || body.status !== undefined, {
      message: 'give assigneeId or status',
    }),
  );

/** `Idempotency-Key`: a client-chosen key; the same key answers the same reply without sending it twice. */
export const idempotencyKeyHeader = z
  .string()
  .check(z.minLength(1), z.maxLength(255), z.regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'));
