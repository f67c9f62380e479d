import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalKeyProvider } from '../../../infra/local/adapters/local-key-provider';
import type { SealedSecret } from '../../../shared/services/vault/envelope';
import { TokenVault, VaultError } from '../../../shared/services/vault/token-vault';

const vault = () => new TokenVault(new LocalKeyProvider(randomBytes(32).toString('base64')));
const ctx = { workspaceId: 'ws-1', provider: 'meta' };
const SECRET = 'EAAPpage-token-9f8e7d6c5b4a';

const flip = (base64: string) => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString('base64');
};

describe('Class: TokenVault', () => {
  describe('Method: seal / open', () => {
    it('round-trips a secret and a JSON token set', async () => {
      // Prepare
      const v = vault();
      // Act
      const sealed = await v.seal(ctx, SECRET);
      const sealedJson = await v.sealJson(ctx, { pageAccessToken: SECRET, userAccessToken: 'u' });
      // Assess
      expect(await v.open(ctx, sealed)).toBe(SECRET);
      expect(await v.openJson(ctx, sealedJson)).toEqual({ pageAccessToken: SECRET, userAccessToken: 'u' });
    });

    it('keeps no plaintext in the sealed JSON, and seals the same secret differently each time', async () => {
      const v = vault();
      const a = await v.seal(ctx, SECRET);
      const b = await v.seal(ctx, SECRET);
      const stored = JSON.stringify(a);
      expect(stored).not.toContain(SECRET);
      expect(stored).not.toContain(Buffer.from(SECRET).toString('base64'));
      expect(a.ciphertext).not.toBe(b.ciphertext);
      expect(a.wrappedKey).not.toBe(b.wrappedKey);
    });

    it('refuses to open under another workspace or another provider', async () => {
      const v = vault();
      const sealed = await v.seal(ctx, SECRET);
      await expect(v.open({ ...ctx, workspaceId: 'ws-2' }, sealed)).rejects.toBeInstanceOf(VaultError);
      await expect(v.open({ ...ctx, provider: 'tiktok' }, sealed)).rejects.toBeInstanceOf(VaultError);
    });

    it('detects tampering with the ciphertext, the tag, the iv or the wrapped key', async () => {
      const v = vault();
      const sealed = await v.seal(ctx, SECRET);
      const tampered: SealedSecret[] = [
        { ...sealed, ciphertext: flip(sealed.ciphertext) },
        { ...sealed, tag: flip(sealed.tag) },
        { ...sealed, iv: flip(sealed.iv) },
        { ...sealed, wrappedKey: flip(sealed.wrappedKey) },
      ];
      for (const copy of tampered) await expect(v.open(ctx, copy)).rejects.toBeInstanceOf(VaultError);
    });

    it('refuses a secret sealed with another master key, and an unknown format', async () => {
      const sealed = await vault().seal(ctx, SECRET);
      await expect(vault().open(ctx, sealed)).rejects.toBeInstanceOf(VaultError);
      await expect(vault().open(ctx, { ...sealed, v: 2 } as unknown as SealedSecret)).rejects.toThrow(
        'Unknown sealed secret format',
      );
    });
  });
});
