import * as z from 'zod';
import { LINKEDIN_JOB_KINDS, LINKEDIN_JOB_STATUSES } from '../domain/linkedin/jobs';

/** The li_at cookie as copied from the browser's DevTools (Application → Cookies). */
export const connectLinkedInBody = z.object({
  liAt: z
    .string()
    .trim()
    .min(10, 'must be the li_at cookie value')
    .max(4096)
    .regex(/^[^\s;,]+$/, 'must be a cookie value without spaces, commas or semicolons'),
  jsessionid: z
    .string()
    .trim()
    .max(512)
    .regex(/^"?[^\s;,]+"?$/, 'must be the JSESSIONID cookie value')
    .optional(),
  profileName: z.string().trim().min(1).max(200).optional(),
  /** The workspace owner acknowledges LinkedIn's automation terms (needed once, for the first connection). */
  acknowledgeTerms: z.literal(true).optional(),
});

export const sendLinkedInMessageBody = z.object({
  conversationId: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .regex(/^[^/?#\s]+$/, 'must be a LinkedIn conversation id'),
  text: z.string().trim().min(1).max(8000),
});

export const linkedInMessagesQuery = z.object({
  conversationId: sendLinkedInMessageBody.shape.conversationId,
});
export const linkedInJobParams = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be an id'),
});

export const linkedInAccountView = z.object({
  id: z.string(),
  displayName: z.string(),
  profileId: z.string().nullable(),
  status: z.enum(['active', 'needs_reconnect', 'paused']),
  verification: z.string(),
  lastError: z.string().nullable(),
  connectedAt: z.string(),
  lastSyncAt: z.string().nullable(),
  dailyMessageLimit: z.number(),
  messagesSentToday: z.number(),
});

export const linkedInJobView = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.enum(LINKEDIN_JOB_KINDS),
  status: z.enum(LINKEDIN_JOB_STATUSES),
  conversationId: z.string().nullable(),
  text: z.string().nullable(),
  reason: z.string().nullable(),
  runAfter: z.string().nullable(),
  result: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
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
      lastActivityAt: z.string().nullable(),
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
