import { randomUUID } from 'node:crypto';
import type { SocialAccount } from '../../shared/services/social/ports';

/** A connected-account record for tests that need one without going through a provider's OAuth. */
export function testAccount(workspaceId: string, overrides: Partial<SocialAccount> = {}): SocialAccount {
  return {
    id: randomUUID(),
    workspaceId,
    provider: 'meta',
    platform: 'instagram',
    externalId: `ig-${randomUUID().slice(0, 8)}`,
    displayName: 'shop.paris',
    status: 'active',
    sealedCredentials: { v: 1, wrappedKey: 'x', iv: 'x', tag: 'x', ciphertext: 'x' },
    tokenExpiresAt: null,
    connectedAt: '2026-11-01T10:00:00.000Z',
    lastEventAt: null,
    lastError: null,
    collectCursor: null,
    details: {},
    ...overrides,
  };
}
