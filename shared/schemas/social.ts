import * as z from 'zod';
import { PLATFORMS, PROVIDERS } from '../domain/messages/platforms';
import { fields } from './validation';

export const socialAccountView = z.object({
  id: z.string(),
  provider: z.enum(PROVIDERS),
  platform: z.enum(PLATFORMS),
  externalId: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'needs_reconnect', 'paused']),
  tokenExpiresAt: z.string().nullable(),
  lastEventAt: z.string().nullable(),
  lastError: z.string().nullable(),
  connectedAt: z.string(),
});
export const socialAccountList = z.object({ items: z.array(socialAccountView), nextCursor: z.null() });
export const socialAccountParams = z.object({ id: fields.id });

/** GET /social-accounts/{id}/media: up to 100 posts a page (Graph's own page size for the edge is 25). */
export const socialMediaQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: fields.cursor,
});
export const mediaPostView = z.object({
  id: z.string().describe("the media id to put in a scenario's mediaIds"),
  caption: z.string().nullable(),
  mediaType: z.string().describe('IMAGE, VIDEO or CAROUSEL_ALBUM (Instagram); POST (Facebook Page)'),
  mediaProductType: z.string().nullable().describe('FEED, REELS, … (Instagram)'),
  mediaUrl: z.string().nullable(),
  thumbnailUrl: z.string().nullable(),
  permalink: z.string().nullable(),
  timestamp: z.string().describe('when it was published (ISO 8601 UTC)'),
});
export const socialMediaList = z.object({ items: z.array(mediaPostView), nextCursor: z.string().nullable() });
export const authUrlResponse = z.object({ url: z.url() });

/** Facebook returns `code` and `state`, or `error` (e.g. access_denied) when the user cancels. */
export const oauthCallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(2048).optional(),
  error: z.string().max(200).optional(),
  error_reason: z.string().max(200).optional(),
});

/** Meta's subscription check: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… */
export const metaWebhookVerifyQuery = z.object({
  'hub.mode': z.string().optional(),
  'hub.verify_token': z.string().optional(),
  'hub.challenge': z.string().optional(),
});
export const webhookReceipt = z.object({ received: z.number().int(), skipped: z.number().int() });

/** Meta's data deletion callback answer: https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/ */
export const dataDeletionAnswer = z.object({ url: z.string(), confirmation_code: z.string() });
export const deauthorizeAnswer = z.object({ accountsDisconnected: z.number().int() });
export const dataDeletionCodeParams = z.object({
  code: z.string().regex(/^[a-f0-9]{20}$/, 'a confirmation code'),
});
export const dataDeletionStatus = z.object({
  code: z.string(),
  status: z.enum(['completed']),
  requestedAt: z.string(),
  completedAt: z.string().nullable(),
  accountsDisconnected: z.number().int(),
});
