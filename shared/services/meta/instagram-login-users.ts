import type { ClaimingSocialAccountStore } from '../social/claiming-account-store';
import { loginOf, type MetaUserIndex } from './ports';

/** Index key of an Instagram Login user: a namespace of its own, so a Facebook app-scoped id never matches one. */
export const instagramUserKey = (userId: string) => `instagram:${userId}`;

/**
 * Which Instagram Login accounts the person named by the Instagram app's deauthorize / data deletion callbacks
 * connected. Meta's Instagram pages do not say which of the person's two ids the callbacks' `user_id` carries
 * (the Instagram-scoped id the code exchange returns as `user_id`, or the professional account's IG ID that
 * `GET /me?fields=user_id` and the webhooks carry: https://developers.facebook.com/docs/instagram-platform/reference/me),
 * so both are looked up: the scoped id through the index written at connect, the IG ID through the account's claim
 * (which also finds accounts connected before the index existed). Only accounts that came through the Instagram
 * Login are returned: the same IG ID connected through Facebook Login belongs to the other app's callbacks.
 */
export class InstagramLoginUsers implements Pick<MetaUserIndex, 'accountsOf' | 'unlink'> {
  constructor(
    private readonly index: MetaUserIndex,
    private readonly accounts: Pick<ClaimingSocialAccountStore, 'ownerOf'>,
  ) {}

  async accountsOf(userId: string): Promise<Array<{ workspaceId: string; accountId: string }>> {
    const links = await this.index.accountsOf(instagramUserKey(userId));
    const owner = await this.accounts.ownerOf('instagram', userId);
    if (
      owner &&
      loginOf(owner) === 'instagram' &&
      !links.some((l) => l.workspaceId === owner.workspaceId && l.accountId === owner.id)
    )
      links.push({ workspaceId: owner.workspaceId, accountId: owner.id });
    return links;
  }

  async unlink(userId: string, workspaceId: string, accountId: string): Promise<void> {
    await this.index.unlink(instagramUserKey(userId), workspaceId, accountId);
  }
}
