import * as z from './zod';

/** Shared by every OAuth provider's auth-url and callback routes. */
export const authUrlResponse = z.object({ url: z.url() });

/** What a provider appends to the redirect URI; unknown parameters (TikTok's `scopes`, Google's `scope`) pass. */
export const oauthCallbackQuery = z.object({
  code: z.optional(z.string().check(z.maxLength(2048))),
  state: z.optional(z.string().check(z.maxLength(4096))),
  error: z.optional(z.string().check(z.maxLength(200))),
  error_description: z.optional(z.string().check(z.maxLength(1000))),
});

export const sendResultResponse = z.object({ status: z.literal('sent'), providerMessageId: z.string() });
