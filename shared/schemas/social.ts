import { PLATFORMS, PROVIDERS } from '../domain/messages/platforms';
import { fields } from './validation';
import * as z from './zod';

export const socialAccountView = z.object({
  id: z.string(),
  provider: z.enum(PROVIDERS),
  platform: z.enum(PLATFORMS),
  externalId: z.string(),
  displayName: z.string(),
  status: z.enum(['active', 'needs_reconnect', 'paused']),
  tokenExpiresAt: z.nullable(z.string()),
  lastEventAt: z.nullable(z.string()),
  lastError: z.nullable(z.string()),
  connectedAt: z.string(),
});
export const socialAccountList = z.object({ items: z.array(socialAccountView), nextCursor: z.null() });

/** GET /social-accounts/{id}/media: up to 100 posts a page (Graph's own page size for the edge is 25). */
export const socialMediaQuery = z.object({
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: fields.cursor,
});
export const mediaPostView = z.object({
  id: z.string().check(z.describe("the media id to put in a scenario's mediaIds")),
  caption: z.nullable(z.string()),
  mediaType: z.string().check(z.describe('IMAGE, VIDEO or CAROUSEL_ALBUM (Instagram); POST (Facebook Page)')),
  mediaProductType: z.nullable(z.string()).check(z.describe('FEED, REELS, … (Instagram)')),
  mediaUrl: z.nullable(z.string()),
  thumbnailUrl: z.nullable(z.string()),
  permalink: z.nullable(z.string()),
  timestamp: z.string().check(z.describe('when it was published (ISO 8601 UTC)')),
});
export const socialMediaList = z.object({
  items: z.array(mediaPostView),
  nextCursor: z.nullable(z.string()),
});
export const authUrlResponse = z.object({ url: z.url() });

/** Facebook returns `code` and `state`, or `error` (e.g. access_denied) when the user cancels. */
export const oauthCallbackQuery = z.object({
  code: z.optional(z.string().check(z.maxLength(4096))),
  state: z.optional(z.string().check(z.maxLength(2048))),
  error: z.optional(z.string().check(z.maxLength(200))),
  error_reason: z.optional(z.string().check(z.maxLength(200))),
});

/** Meta's subscription check: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… */
export const metaWebhookVerifyQuery = z.object({
  'hub.mode': z.optional(z.string()),
  'hub.verify_token': z.optional(z.string()),
  'hub.challenge': z.optional(z.string()),
});
export const webhookReceipt = z.object({
  received: z.number().check(z.int()),
  skipped: z.number().check(z.int()),
});

/** Meta's data deletion callback answer: https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/ */
export const dataDeletionAnswer = z.object({ url: z.string(), confirmation_code: z.string() });
export const deauthorizeAnswer = z.object({ accountsDisconnected: z.number().check(z.int()) });
export const dataDeletionCodeParams = z.object({
  code: z.string().check(z.regex(/^[a-f0-9]{20}$/, 'a confirmation code')),
});
export const dataDeletionStatus = z.object({
  code: z.string(),
  status: z.enum(['completed']),
  requestedAt: z.string(),
  completedAt: z.nullable(z.string()),
  accountsDisconnected: z.number().check(z.int()),
});
