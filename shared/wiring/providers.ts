import { built } from './container';
import { linkedInProvider } from './linkedin';
import { metaProvider } from './meta';
import { providerLookup, type SocialProviders } from './provider-lookup';
import { tiktokService } from './tiktok';
import { youtubeService } from './youtube';

export type { SocialProviders } from './provider-lookup';

/**
 * Every platform's provider, for what serves them all: the workflow's Send step, the collect and token-refresh
 * schedules. A route that serves one platform builds its own lookup (`providerLookup`) with only that one.
 */
export function socialProviders(): SocialProviders {
  return built(socialProviders, () =>
    providerLookup({
      meta: metaProvider,
      linkedin: linkedInProvider,
      tiktok: tiktokService,
      youtube: youtubeService,
    }),
  );
}
