import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import {
  type DataDeletionRecord,
  MetaDataRightsService,
} from '../../../shared/services/meta/data-rights-service';
import { InstagramLoginUsers, instagramUserKey } from '../../../shared/services/meta/instagram-login-users';
import type { MetaUserIndex } from '../../../shared/services/meta/ports';
import type { SocialAccount, SocialAccountStore } from '../../../shared/services/social/ports';
import { signedRequest } from '../../support/signed-request';

const SECRET = 'instagram-app-secret';
const NOW = new Date('2026-12-03T08:00:00Z');

function account(workspaceId: string, igId: string, login?: 'instagram'): SocialAccount {
  return {
    id: `instagram-${igId}`,
    workspaceId,
    provider: 'meta',
    platform: 'instagram',
    externalId: igId,
    displayName: `@${igId}`,
    status: 'active',
    details: login ? { login } : {},
  } as unknown as SocialAccount;
}

/** The stores as small maps: accounts by workspace/id, the user index, the claims by IG ID. */
function world(accounts: SocialAccount[]) {
  const items = new Map(accounts.map((a) => [`${a.workspaceId}/${a.id}`, a]));
  const links = new Map<string, Array<{ workspaceId: string; accountId: string }>>();
  const store = {
    get: async (ws: string, id: string) => items.get(`${ws}/${id}`),
    remove: async (ws: string, id: string) => {
      items.delete(`${ws}/${id}`);
    },
    ownerOf: async (_platform: string, externalId: string) =>
      [...items.values()].find((a) => a.externalId === externalId),
  };
  const index: MetaUserIndex = {
    link: async (user, workspaceId, accountId) => {
      links.set(user, [...(links.get(user) ?? []), { workspaceId, accountId }]);
    },
    accountsOf: async (user) => [...(links.get(user) ?? [])],
    unlink: async (user, workspaceId, accountId) => {
      links.set(
        user,
        (links.get(user) ?? []).filter((l) => l.workspaceId !== workspaceId || l.accountId !== accountId),
      );
    },
  };
  const deletions = new Map<string, DataDeletionRecord>();
  const users = new InstagramLoginUsers(index, store);
  const service = new MetaDataRightsService(
    store as unknown as SocialAccountStore,
    users,
    { put: async (r) => void deletions.set(r.code, r), get: async (code) => deletions.get(code) },
    { appSecret: SECRET, login: 'instagram', appBaseUrl: 'https://api.test', now: () => NOW },
  );
  return { items, index, links, users, service, deletions };
}

const request = (userId: string, issuedAt = 1_790_000_000, secret = SECRET) =>
  signedRequest({ algorithm: 'HMAC-SHA256', issued_at: issuedAt, user_id: userId }, secret);

describe('Class: InstagramLoginUsers', () => {
  describe('Method: accountsOf', () => {
    it('finds an account by the scoped id linked at connect and by its IG ID claim, once', async () => {
      // Prepare
      const { index, users } = world([account('ws-a', '1784', 'instagram')]);
      await index.link(instagramUserKey('2000'), 'ws-a', 'instagram-1784');
      await index.link(instagramUserKey('1784'), 'ws-a', 'instagram-1784');

      // Act
      const byScoped = await users.accountsOf('2000');
      const byIgId = await users.accountsOf('1784');

      // Assess
      expect(byScoped).toEqual([{ workspaceId: 'ws-a', accountId: 'instagram-1784' }]);
      expect(byIgId).toEqual([{ workspaceId: 'ws-a', accountId: 'instagram-1784' }]);
    });

    it('does not return the same IG ID connected through Facebook Login', async () => {
      // Prepare
      const { users } = world([account('ws-a', '1784')]);

      // Act
      const found = await users.accountsOf('1784');

      // Assess
      expect(found).toEqual([]);
    });
  });
});

describe('Class: MetaDataRightsService (Instagram app)', () => {
  describe('Method: deauthorize', () => {
    it("removes the person's Instagram Login account and leaves another workspace's account alone", async () => {
      // Prepare
      const { items, index, links, service } = world([
        account('ws-a', '1784', 'instagram'),
        account('ws-b', '1785', 'instagram'),
      ]);
      await index.link(instagramUserKey('2000'), 'ws-a', 'instagram-1784');

      // Act
      const result = await service.deauthorize(request('2000'));

      // Assess
      expect(result).toEqual({ accountsDisconnected: 1 });
      expect([...items.keys()]).toEqual(['ws-b/instagram-1785']);
      expect(links.get(instagramUserKey('2000'))).toEqual([]);
    });

    it('leaves an account reconnected through Facebook Login since', async () => {
      // Prepare
      const { items, index, service } = world([account('ws-a', '1784')]);
      await index.link(instagramUserKey('2000'), 'ws-a', 'instagram-1784');

      // Act
      const result = await service.deauthorize(request('2000'));

      // Assess
      expect(result).toEqual({ accountsDisconnected: 0 });
      expect(items.size).toBe(1);
    });

    it('refuses a request signed with another secret (403), removing nothing', async () => {
      // Prepare
      const { items, service } = world([account('ws-a', '1784', 'instagram')]);

      // Act
      const refused = service.deauthorize(request('1784', 1, 'meta-app-secret'));

      // Assess
      await expect(refused).rejects.toBeInstanceOf(AppError);
      await expect(refused).rejects.toMatchObject({ status: 403 });
      expect(items.size).toBe(1);
    });
  });

  describe('Method: requestDeletion', () => {
    it('answers the status url and a code that a retry keeps and another request changes', async () => {
      // Prepare
      const { items, service, deletions } = world([account('ws-a', '1784', 'instagram')]);

      // Act
      const first = await service.requestDeletion(request('1784'));
      const retry = await service.requestDeletion(request('1784'));
      const later = await service.requestDeletion(request('1784', 1_790_000_500));

      // Assess
      expect(first.url).toBe(`https://api.test/data-deletion/${first.confirmation_code}`);
      expect(retry.confirmation_code).toBe(first.confirmation_code);
      expect(later.confirmation_code).not.toBe(first.confirmation_code);
      expect(items.size).toBe(0);
      expect(deletions.get(first.confirmation_code)).toEqual({
        code: first.confirmation_code,
        status: 'completed',
        requestedAt: NOW.toISOString(),
        completedAt: NOW.toISOString(),
        accountsDisconnected: 1,
      });
    });
  });
});
