import type { ProviderName } from '../domain/messages/platforms';
import type { SocialProvider } from '../services/social/ports';
import { localStageAdapter } from './local-stage';

/** Looks a provider up by name: the workflow and the schedules never branch on the platform. */
export type SocialProviders = (name: ProviderName) => SocialProvider;

/**
 * A lookup over the given adapters only: a route that serves one platform (its OAuth round trip, its reconnect
 * backfill) hands in that platform's, so its bundle holds no other platform's SDK. Each is built on its first
 * lookup (a provider without its keys throws provider_not_configured then, not when the graph is built). The local
 * stage's starter may hand in its own (`startLocalStage({ providers })`: a test's recording provider), which the
 * lookup returns instead. Kept apart from `providers.ts`, which imports every platform.
 */
export function providerLookup(
  adapters: Partial<Record<ProviderName, () => SocialProvider>>,
): SocialProviders {
  const given = localStageAdapter('providers') ?? {};
  return (name) => {
    const provider = given[name] ?? adapters[name]?.();
    if (!provider) throw new Error(`the ${name} provider is not part of this graph`);
    return provider;
  };
}
