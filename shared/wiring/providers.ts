import type { ProviderName } from '../domain/messages/platforms';
import { ProviderNotConfiguredError } from '../errors';
import type { SocialProvider } from '../services/social/ports';
import { linkedInProvider } from './linkedin';
import { metaProvider } from './meta';
import { tiktokService } from './tiktok';
import { youtubeService } from './youtube';

/**
 * The provider registry: the workflow and the schedules look providers up by name and never branch on the
 * platform. Each provider's wiring registers a factory here; the factory runs on first use.
 */
const factories = new Map<ProviderName, () => SocialProvider>();
const built = new Map<ProviderName, SocialProvider>();

export function registerProvider(name: ProviderName, factory: () => SocialProvider): void {
  factories.set(name, factory);
  built.delete(name);
}

export function socialProvider(name: ProviderName): SocialProvider {
  let provider = built.get(name);
  if (!provider) {
    const factory = factories.get(name);
    if (!factory) throw new ProviderNotConfiguredError(name);
    provider = factory();
    built.set(name, provider);
  }
  return provider;
}

registerProvider('meta', metaProvider);
registerProvider('linkedin', () => linkedInProvider());
registerProvider('tiktok', tiktokService);
registerProvider('youtube', youtubeService);
