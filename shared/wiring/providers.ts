import type { ProviderName } from '../domain/messages/platforms';
import { ProviderNotConfiguredError } from '../errors';
import type { SocialProvider } from '../services/social/ports';
import { linkedInProvider } from './linkedin';
import { metaProvider } from './meta';
import { tiktokService } from './tiktok';
import { youtubeService } from './youtube';

/**
 * The provider registry: the workflow and the schedules look providers up by name and never branch on the
 * platform. Each provider's wiring is a factory that runs on first use. The table is built on first lookup, not at
 * import: a module that imports this one without looking a provider up (a workflow step that never sends) keeps
 * none of the providers in its bundle, nor what they reach (the vault, the LinkedIn queue).
 */
let factories: Map<ProviderName, () => SocialProvider> | undefined;
let built: Map<ProviderName, SocialProvider> | undefined;

function registry(): Map<ProviderName, () => SocialProvider> {
  factories ??= new Map<ProviderName, () => SocialProvider>([
    ['meta', metaProvider],
    ['linkedin', () => linkedInProvider()],
    ['tiktok', tiktokService],
    ['youtube', youtubeService],
  ]);
  return factories;
}

export function registerProvider(name: ProviderName, factory: () => SocialProvider): void {
  registry().set(name, factory);
  built?.delete(name);
}

export function socialProvider(name: ProviderName): SocialProvider {
  built ??= new Map();
  let provider = built.get(name);
  if (!provider) {
    const factory = registry().get(name);
    if (!factory) throw new ProviderNotConfiguredError(name);
    provider = factory();
    built.set(name, provider);
  }
  return provider;
}
