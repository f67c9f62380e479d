import { LINKEDIN_JOB_KINDS, LINKEDIN_JOB_STATUSES } from '../domain/linkedin/jobs';
import * as z from './zod';

/** The li_at cookie as copied from the browser's DevTools (Application → Cookies). */
export const connectLinkedInBody = z.object({
  liAt: z
    .string()
    .check(
      z.trim(),
      z.minLength(10, 'must be the li_at cookie value'),
      z.maxLength(4096),
      z.regex(/^[^\s;,]+$/, 'must be a cookie value without spaces, commas or semicolons'),
    ),
  jsessionid: z.optional(
    z
      .string()
      .check(z.trim(), z.maxLength(512), z.regex(/^"?[^\s;,]+"?$/, 'must be the JSESSIONID cookie value')),
  ),
  profileName: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  /** The workspace owner acknowledges LinkedIn's automation terms (needed once, for the first connection). */
  acknowledgeTerms: z.optional(z.literal(true)),
});

export const sendLinkedInMessageBody = z.object({
  conversationId: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(256),
      z.regex(/^[^/?#\s]+$/, 'must be a LinkedIn conversation id'),
    ),
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(8000)),
});

export const linkedInMessagesQuery = z.object({
  conversationId: sendLinkedInMessageBody.shape.conversationId,
});
export const linkedInJobParams = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9_-]+$/, 'must be an id')),
});

export const linkedInAccountView = z.object({
  id: z.string(),
  displayName: z.string(),
  profileId: z.nullable(z.string()),
  status: z.enum(['active', 'needs_reconnect', 'paused']),
  verification: z.string(),
  lastError: z.nullable(z.string()),
  connectedAt: z.string(),
  lastSyncAt: z.nullable(z.string()),
  dailyMessageLimit: z.number(),
  messagesSentToday: z.number(),
});

export const linkedInJobView = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.enum(LINKEDIN_JOB_KINDS),
  status: z.enum(LINKEDIN_JOB_STATUSES),
  conversationId: z.nullable(z.string()),
  text: z.nullable(z.string()),
  reason: z.nullable(z.string()),
  runAfter: z.nullable(z.string()),
  result: z.nullable(z.record(z.string(), z.union([z.string(), z.number()]))),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const connectLinkedInResponse = z.object({
  account: linkedInAccountView,
  job: linkedInJobView,
  /** LinkedIn has no API for this and its User Agreement forbids automated messaging: the owner's acknowledgement. */
  terms: z.object({
    warning: z.string(),
    termsUrl: z.string(),
    acknowledgedBy: z.string(),
    acknowledgedAt: z.string(),
  }),
});

export const linkedInConversationList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      participantProfileId: z.string(),
      participantName: z.string(),
      snippet: z.string(),
      lastActivityAt: z.nullable(z.string()),
    }),
  ),
  nextCursor: z.null(),
});

export const linkedInMessageList = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      conversationId: z.string(),
      senderProfileId: z.string(),
      senderName: z.string(),
      text: z.string(),
      sentAt: z.string(),
      fromSelf: z.boolean(),
    }),
  ),
  nextCursor: z.null(),
});
