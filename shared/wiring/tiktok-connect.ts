import type { OAuthConnectService } from '../services/social/oauth-connect';
import { built } from './container';
import { providerLookup } from './provider-lookup';
import { oauthConnect } from './social-connect';
import { tiktokService } from './tiktok';

// Apart from tiktok.ts: the connect's reconnect backfill parses incoming messages (~95 zod schemas built at import),
// which the Lambdas that only call TikTok (send, follow-ups, the human reply) would build at every cold start.
/** TikTok's OAuth connect round trip (auth URL, callback, reconnect backfill): TikTok's provider only. */
export function tiktokConnectService(): OAuthConnectService {
  return built(tiktokConnectService, (c) => oauthConnect(c, providerLookup({ tiktok: tiktokService })));
}
