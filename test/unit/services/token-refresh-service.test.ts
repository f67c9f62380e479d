import { describe, expect, it } from 'vitest';
import type { SocialAccount, SocialProvider } from '../../../shared/services/social/ports';
import { TokenRefreshService } from '../../../shared/services/social/token-refresh-service';
import { InMemorySocialAccountStore } from '../../support/in-memory/engine-stores';

const now = new Date('2026-12-01T12:00:00Z');
const DAY = 24 * 3600_000;
const account = (id: string, login: string | undefined, expiresInMs: number): SocialAccount => ({
  id,
  workspaceId: 'ws-1',
  provider: 'meta',
  platform: 'instagram',
  externalId: id,
  displayName: id,
  status: 'active',
  sealedCredentials: { v: 1 } as never,
  tokenExpiresAt: new Date(now.getTime() + expiresInMs).toISOString(),
  connectedAt: now.toISOString(),
  lastEventAt: null,
  lastError: null,
  collectCursor: null,
  details: login ? { login } : {},
});

/** A provider that renews only its "instagram" accounts, when they have 30 days or less left. */
function provider(refreshed: string[]): SocialProvider {
  return {
    name: 'meta',
    capabilities: { dm: true, commentReply: true, privateReply: true, collect: true },
    send: async () => ({ status: 'sent', providerMessageId: 'x' }),
    collect: async () => ({ messages: [], nextCursor: null }),
    renews: (a) => a.details.login === 'instagram',
    refreshDue: (a, at) => Date.parse(a.tokenExpiresAt!) - at.getTime() <= 30 * DAY,
    refreshCredentials: async (a) => {
      refreshed.push(a.id);
      return { tokenExpiresAt: null };
    },
  };
}

describe('Class: TokenRefreshService', () => {
  describe('Method: refreshExpiring', () => {
    it('asks the provider which accounts it renews and when, instead of the margin', async () => {
      // Prepare
      const store = new InMemorySocialAccountStore();
      await store.put(account('fb-soon', undefined, 60_000));
      await store.put(account('ig-early', 'instagram', 40 * DAY));
      await store.put(account('ig-due', 'instagram', 29 * DAY));
      const refreshed: string[] = [];
      const flagged: string[] = [];
      const service = new TokenRefreshService(
        store,
        () => provider(refreshed),
        30 * 60_000,
        { markNeedsReconnect: async (a) => void flagged.push(a.id) },
        () => now,
      );
      // Act
      const report = await service.refreshExpiring();
      // Assess: the Facebook Login account expires within the margin but is not renewable: skipped, not failed.
      expect(refreshed).toEqual(['ig-due']);
      expect(report).toEqual({ checked: 1, refreshed: 1, needsReconnect: 0, failed: 0 });
      expect(flagged).toEqual([]);
    });
  });
});
