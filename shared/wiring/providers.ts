import type { ProviderName } from '../domain/messages/platforms';
import type { SocialProvider } from '../services/social/ports';
import { built } from './container';
import { linkedInProvider } from './linkedin';
import { localStageAdapter } from './local-stage';
import { metaProvider } from './meta';
import { tiktokService } from './tiktok';
import { youtubeService } from './youtube';

/** Looks a provider up by name: the workflow and the schedules never branch on the platform. */
export type SocialProviders = (name: ProviderName) => SocialProvider;

/**
 * The container's providers. Each is built on its first lookup (a provider without its keys throws
 * provider_not_configured then, not when the graph is built). The local stage's starter may hand in its own
 * (`startLocalStage({ providers })`: a test's recording provider), which the lookup returns instead.
 */
export function socialProviders(): SocialProviders {
  return built(socialProviders, () => {
    const given = localStageAdapter('providers') ?? {};
    const adapters: Record<ProviderName, () => SocialProvider> = {
      meta: metaProvider,
      linkedin: linkedInProvider,
      tiktok: tiktokService,
      youtube: youtubeService,
    };
    return (name) => given[name] ?? adapters[name]();
  });
}
