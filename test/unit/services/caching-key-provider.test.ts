import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalKeyProvider } from '../../../infra/local/adapters/local-key-provider';
import { CachingKeyProvider } from '../../../shared/services/vault/caching-key-provider';
import type { EncryptionContext, KeyProvider } from '../../../shared/services/vault/envelope';
import { TokenVault, VaultError } from '../../../shared/services/vault/token-vault';

const ctx = { workspaceId: 'ws-1', provider: 'meta' };
const SECRET = 'EAAPpage-token-9f8e7d6c5b4a';

/** A key provider that counts what reaches "KMS". */
class CountingKeyProvider implements KeyProvider {
  unwraps = 0;
  generates = 0;
  private readonly inner = new LocalKeyProvider(randomBytes(32).toString('base64'));
  generateDataKey(context: EncryptionContext) {
    this.generates++;
    return this.inner.generateDataKey(context);
  }
  unwrapDataKey(wrapped: string, context: EncryptionContext) {
    this.unwraps++;
    return this.inner.unwrapDataKey(wrapped, context);
  }
}

const setup = (limits = { maxAgeMs: 60_000, maxEntries: 2 }) => {
  const kms = new CountingKeyProvider();
  const clock = { now: 1_000_000 };
  const vault = new TokenVault(new CachingKeyProvider(kms, limits, () => clock.now));
  return { kms, clock, vault };
};

describe('Class: CachingKeyProvider', () => {
  describe('Method: unwrapDataKey', () => {
    it('asks KMS once for a secret opened again and again within the max age', async () => {
      // Prepare
      const { kms, vault } = setup();
      const sealed = await vault.seal(ctx, SECRET);
      // Act
      const opened = [
        await vault.open(ctx, sealed),
        await vault.open(ctx, sealed),
        await vault.open(ctx, sealed),
      ];
      // Assess: the vault wipes the key it is handed after each open, so the cache must hand out copies
      expect(opened).toEqual([SECRET, SECRET, SECRET]);
      expect(kms.unwraps).toBe(1);
    });

    it('asks KMS again once the max age has passed', async () => {
      const { kms, clock, vault } = setup();
      const sealed = await vault.seal(ctx, SECRET);
      await vault.open(ctx, sealed);
      clock.now += 60_000;
      expect(await vault.open(ctx, sealed)).toBe(SECRET);
      expect(kms.unwraps).toBe(2);
    });

    it('never serves a cached key under another encryption context', async () => {
      // Prepare: the key is cached for ws-1
      const { kms, vault } = setup();
      const sealed = await vault.seal(ctx, SECRET);
      await vault.open(ctx, sealed);
      // Act + Assess: the same ciphertext under ws-2 goes to the key provider, and does not open
      await expect(vault.open({ workspaceId: 'ws-2', provider: 'meta' }, sealed)).rejects.toBeInstanceOf(
        VaultError,
      );
      expect(kms.unwraps).toBe(2);
    });

    it('keeps at most maxEntries keys, dropping the oldest', async () => {
      const { kms, vault } = setup({ maxAgeMs: 60_000, maxEntries: 2 });
      const [a, b, c] = [await vault.seal(ctx, 'a'), await vault.seal(ctx, 'b'), await vault.seal(ctx, 'c')];
      for (const sealed of [a, b, c]) await vault.open(ctx, sealed);
      expect(kms.unwraps).toBe(3);
      await vault.open(ctx, c);
      expect(kms.unwraps).toBe(3);
      expect(await vault.open(ctx, a)).toBe('a');
      expect(kms.unwraps).toBe(4);
    });
  });

  describe('Method: generateDataKey', () => {
    it('gives every seal a fresh data key', async () => {
      const { kms, vault } = setup();
      const a = await vault.seal(ctx, SECRET);
      const b = await vault.seal(ctx, SECRET);
      expect(kms.generates).toBe(2);
      expect(a.wrappedKey).not.toBe(b.wrappedKey);
    });
  });
});
