import { createHmac } from 'node:crypto';
import { parseSignedRequest, type SignedRequestPayload } from '../../domain/meta/signed-request';
import { AppError } from '../../errors';
import type { AuditRecorder } from '../audit/audit-log';
import type { SocialAccountStore } from '../social/ports';
import { loginOf, type MetaLogin, type MetaUserIndex } from './ports';

export interface DataDeletionRecord {
  code: string;
  status: 'completed';
  requestedAt: string;
  completedAt: string | null;
  accountsDisconnected: number;
}

export interface DataDeletionStore {
  put(record: DataDeletionRecord): Promise<void>;
  get(code: string): Promise<DataDeletionRecord | undefined>;
}

export interface MetaDataRightsSettings {
  /** The secret of the app whose dashboard holds the callback URLs: META_APP_SECRET, or INSTAGRAM_APP_SECRET. */
  appSecret: string;
  /** Which login's accounts the callbacks remove (default facebook); an account of the other login is left alone. */
  login?: MetaLogin;
  /** APP_BASE_URL: the status page Meta shows the person is <base>/data-deletion/<code>. */
  appBaseUrl: string;
  now?: () => Date;
}

/**
 * Meta's two app-level callbacks, both carrying a `signed_request` naming the app-scoped id of the person:
 * - Deauthorize (https://developers.facebook.com/docs/facebook-login/manually-build-a-login-flow/#deauth-callback):
 *   the person removed the app, so every account they connected is disconnected and its sealed tokens deleted.
 * - Data Deletion Request
 *   (https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback/): the
 *   same erasure, then the answer Meta requires, `{ url, confirmation_code }`, the url a human-readable status page.
 * What Flow IA holds about that person (the business owner who connected the Pages) is the accounts and their
 * tokens; the contacts' own data is erased per contact (DELETE /leads/{id}).
 */
export class MetaDataRightsService {
  private readonly now: () => Date;
  private readonly login: MetaLogin;

  constructor(
    private readonly accounts: SocialAccountStore,
    private readonly metaUsers: Pick<MetaUserIndex, 'accountsOf' | 'unlink'>,
    private readonly deletions: DataDeletionStore,
    private readonly settings: MetaDataRightsSettings,
    private readonly audit?: AuditRecorder,
  ) {
    this.now = settings.now ?? (() => new Date());
    this.login = settings.login ?? 'facebook';
  }

  async deauthorize(signedRequest: string): Promise<{ accountsDisconnected: number }> {
    const { userId } = this.verify(signedRequest);
    return { accountsDisconnected: await this.disconnectAll(userId) };
  }

  /**
   * A replayed request (same signed_request) gets the same confirmation code: the code is an HMAC of the
   * person and the request time, so it neither reveals the id nor changes on a retry, and the erasure is idempotent.
   */
  async requestDeletion(signedRequest: string): Promise<{ url: string; confirmation_code: string }> {
    const { userId, issuedAt } = this.verify(signedRequest);
    const stamp = String(issuedAt ?? '');
    const code = createHmac('sha256', this.settings.appSecret)
      .update(`data-deletion:${userId}:${stamp}`)
      .digest('hex')
      .slice(0, 20);
    const previous = await this.deletions.get(code);
    const disconnected = await this.disconnectAll(userId);
    const at = this.now().toISOString();
    await this.deletions.put({
      code,
      status: 'completed',
      requestedAt: previous?.requestedAt ?? at,
      completedAt: at,
      accountsDisconnected: (previous?.accountsDisconnected ?? 0) + disconnected,
    });
    return { url: `${this.settings.appBaseUrl}/data-deletion/${code}`, confirmation_code: code };
  }

  private verify(signedRequest: string): SignedRequestPayload {
    const result = parseSignedRequest(signedRequest, this.settings.appSecret);
    if (!result.ok)
      throw new AppError(
        403,
        'forbidden',
        `The signed_request is not valid (${result.reason.replace('_', ' ')}).`,
      );
    return result.payload;
  }

  /** Removing an account deletes its sealed credentials with it (tokens gone) and releases its claim. */
  private async disconnectAll(metaUserId: string): Promise<number> {
    let count = 0;
    for (const link of await this.metaUsers.accountsOf(metaUserId)) {
      const account = await this.accounts.get(link.workspaceId, link.accountId);
      // The same account reconnected through the other login holds that app's token now: not this app's to remove.
      if (account && loginOf(account) === this.login) {
        await this.accounts.remove(link.workspaceId, link.accountId);
        count += 1;
        await this.audit?.record(
          link.workspaceId,
          { type: 'meta', id: metaUserId },
          'account.disconnected',
          { type: 'social_account', id: link.accountId },
          { provider: 'meta', platform: account.platform, reason: 'meta_callback', login: this.login },
        );
      }
      await this.metaUsers.unlink(metaUserId, link.workspaceId, link.accountId);
    }
    return count;
  }
}
