import type { ProviderName } from '../../domain/messages/platforms';
import type { SocialAccountStore } from './ports';

// Its own module, apart from collector-service.ts: the token refresh and the YouTube budget use it, and importing
// the collector would build the incoming-message schema (~95 zod schemas) at every cold start of their Lambdas.

/** Every active account of a provider, across workspaces, page by page (scheduled jobs only). */
export async function* activeAccounts(store: SocialAccountStore, name?: ProviderName) {
  let cursor: string | undefined;
  do {
    const page = await store.listAll(cursor);
    for (const account of page.items)
      if ((!name || account.provider === name) && account.status === 'active') yield account;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
