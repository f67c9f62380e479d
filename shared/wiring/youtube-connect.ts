import type { OAuthConnectService } from '../services/social/oauth-connect';
import { built } from './container';
import { providerLookup } from './provider-lookup';
import { oauthConnect } from './social-connect';
import { youtubeService } from './youtube';

// Apart from youtube.ts: the connect's reconnect backfill parses incoming messages (~95 zod schemas built at import),
// which the Lambdas that only call YouTube (send, follow-ups, the human reply) would build at every cold start.
/** YouTube's OAuth connect round trip (auth URL, callback, reconnect backfill): YouTube's provider only. */
export function youtubeConnectService(): OAuthConnectService {
  return built(youtubeConnectService, (c) => oauthConnect(c, providerLookup({ youtube: youtubeService })));
}
