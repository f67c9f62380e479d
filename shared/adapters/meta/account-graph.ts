import { ProviderNotConfiguredError } from '../../errors';
import { accessTokenOf, loginOf, type MetaCredentials } from '../../services/meta/ports';
import type { SocialAccount } from '../../services/social/ports';
import type { TokenVault } from '../../services/vault/token-vault';
import type { GraphClient } from './graph-client';

/**
 * The host and the token of one account's Graph calls, from the login it came from (`details.login`): Facebook
 * Login accounts call graph.facebook.com with their Page token, Instagram Login accounts graph.instagram.com with
 * their Instagram User token ("The host is graph.facebook.com for Facebook Login and graph.instagram.com for
 * Instagram Login", PROVIDERS.md §1.7; https://developers.facebook.com/docs/instagram-platform/overview). The
 * paths are the same on both.
 */
export async function accountGraph(
  account: SocialAccount,
  vault: TokenVault,
  facebook: GraphClient,
  instagram: GraphClient | undefined,
): Promise<{ graph: GraphClient; token: string; credentials: MetaCredentials }> {
  const credentials = await vault.openJson<MetaCredentials>(
    { workspaceId: account.workspaceId, provider: 'meta' },
    account.sealedCredentials,
  );
  const graph = loginOf(account) === 'instagram' ? instagram : facebook;
  if (!graph) throw new ProviderNotConfiguredError('meta');
  return { graph, token: accessTokenOf(credentials), credentials };
}
