import { NotFoundError, ValidationError } from '../../errors';
import { type CursorBinding, decodeListCursor, encodeListCursor } from '../pagination/list-cursor';
import type { MediaCatalog, MediaPost, SocialAccountStore } from './ports';

/** The Graph cursor of the next page, bound to this account's list (a cursor of another list is a 400). */
const mediaCursor = (workspaceId: string, accountId: string): CursorBinding<string> => ({
  list: `media:${accountId}`,
  workspaceId,
  accepts: (value) =>
    typeof value === 'string' && value.length > 0 && value.length <= 512 ? value : undefined,
});

/**
 * GET /social-accounts/{id}/media: the recent posts of a connected Instagram account or Facebook Page, read from
 * Meta each time (nothing stored), so a scenario can be scoped to the posts the user picks. Workspace-scoped by
 * the account lookup: another workspace's account is a 404.
 */
export class MediaService {
  constructor(
    private readonly accounts: Pick<SocialAccountStore, 'get'>,
    private readonly catalog: MediaCatalog,
  ) {}

  async list(
    workspaceId: string,
    accountId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: MediaPost[]; nextCursor: string | null }> {
    const account = await this.accounts.get(workspaceId, accountId);
    if (!account) throw new NotFoundError('Social account not found.');
    if (account.provider !== 'meta')
      throw new ValidationError('Posts can be listed for Instagram and Facebook accounts only.', [
        { path: 'id', message: `a ${account.platform} account has no post listing` },
      ]);
    const binding = mediaCursor(workspaceId, accountId);
    const after = decodeListCursor(binding, page.cursor);
    const result = await this.catalog.list(account, { limit: page.limit, after });
    return { items: result.items, nextCursor: encodeListCursor(binding, result.after ?? undefined) };
  }
}
