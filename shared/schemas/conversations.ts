import * as z from 'zod';
import { PAUSED_REASONS } from '../domain/conversations/automation';
import { CONVERSATION_STATUSES } from '../domain/conversations/conversation';
import { PLATFORMS } from '../domain/messages/platforms';
import { fields } from './validation';

/** A conversation is one person on one platform, so its id is its lead's id. */
export const conversationIdParams = z.object({ id: fields.id });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listConversationsQuery = z.object({
  limit: fields.limit,
  cursor: fields.cursor,
  platform: z.enum(PLATFORMS).optional(),
  status: z.enum(CONVERSATION_STATUSES).optional(),
  /** A member's user id, or `me` for the caller ("my inbox"). */
  assignee: z.union([z.literal('me'), fields.id]).optional(),
  unread: booleanQuery.optional(),
  botPaused: booleanQuery.optional(),
});

export const conversationQuery = z.object({
  /** `messagesCursor` of a previous answer: the older messages of the thread. */
  cursor: fields.cursor,
});

export const conversationView = z.object({
  id: z.string(),
  leadId: z.string(),
  platform: z.enum(PLATFORMS).nullable(),
  contact: z
    .object({
      platformUserId: z.string(),
      username: z.string().nullable(),
      displayName: z.string().nullable(),
    })
    .nullable(),
  status: z.enum(CONVERSATION_STATUSES),
  assigneeId: z.string().nullable(),
  lastMessageAt: z.string().nullable(),
  lastMessageText: z.string().nullable(),
  unread: z.boolean(),
  botPaused: z.boolean(),
  pausedReason: z.enum(PAUSED_REASONS).nullable(),
  optedOut: z.boolean(),
});

export const threadMessageView = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out']),
  /** contact: the person; bot: an automatic reply; human: a member in Flow IA; page: the owner from the app. */
  author: z.enum(['contact', 'bot', 'human', 'page']),
  authorUserId: z.string().nullable(),
  text: z.string(),
  at: z.string(),
  kind: z.string(),
  scenarioId: z.string().nullable(),
  deliveryStatus: z.string().nullable(),
});

export const conversationDetail = conversationView.extend({
  /** Oldest first; `messagesCursor` pages to older ones. */
  messages: z.array(threadMessageView),
  messagesCursor: z.string().nullable(),
});

export const conversationList = z.object({
  items: z.array(conversationView),
  nextCursor: z.string().nullable(),
});

export const replyBody = z.object({ text: z.string().trim().min(1).max(1000) });
export const replyView = z.object({ message: threadMessageView });

export const patchConversationBody = z
  .object({
    assigneeId: z.optional(z.nullable(fields.id)),
    status: z.enum(CONVERSATION_STATUSES).optional(),
  })
  .refine((body) => body.assigneeId !== undefined || body.status !== undefined, {
    message: 'give assigneeId or status',
  });

/** `Idempotency-Key`: a client-chosen key; the same key answers the same reply without sending it twice. */
export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
