import * as z from 'zod';

/** Shared by every OAuth provider's auth-url and callback routes. */
export const authUrlResponse = z.object({ url: z.url() });

/** What a provider appends to the redirect URI; unknown parameters (TikTok's `scopes`, Google's `scope`) pass. */
export const oauthCallbackQuery = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(4096).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});

export const sendResultResponse = z.object({ status: z.literal('sent'), providerMessageId: z.string() });
