import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsKeyProvider } from '../../shared/adapters/kms/kms-key-provider';
import { TokenVault, VaultError } from '../../shared/services/vault/token-vault';
import { type FakeKms, startFakeKms } from '../fakes/kms';

let kms: FakeKms;
let client: KMSClient;
beforeAll(async () => {
  kms = await startFakeKms();
  client = new KMSClient({
    region: kms.region,
    endpoint: kms.url,
    credentials: { accessKeyId: kms.accessKeyId, secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await kms.stop();
});

const ctx = { workspaceId: 'ws-kms', provider: 'meta' };

describe('Class: KmsKeyProvider (real KMSClient against the fake KMS)', () => {
  it('seals with GenerateDataKey and opens with Decrypt, passing the workspace + provider context', async () => {
    // Prepare
    const vault = new TokenVault(new KmsKeyProvider(client, kms.keyId));
    const before = kms.state.calls.length;
    // Act
    const sealed = await vault.sealJson(ctx, { pageAccessToken: 'EAAP-secret-page-token' });
    const opened = await vault.openJson(ctx, sealed);
    // Assess
    expect(opened).toEqual({ pageAccessToken: 'EAAP-secret-page-token' });
    expect(JSON.stringify(sealed)).not.toContain('EAAP-secret-page-token');
    expect(kms.state.calls.slice(before)).toEqual([
      {
        operation: 'GenerateDataKey',
        keyId: kms.keyId,
        context: { workspaceId: 'ws-kms', provider: 'meta' },
      },
      { operation: 'Decrypt', keyId: kms.keyId, context: { workspaceId: 'ws-kms', provider: 'meta' } },
    ]);
  });

  it('cannot open a secret under another workspace or provider: KMS itself refuses the data key', async () => {
    const vault = new TokenVault(new KmsKeyProvider(client, kms.keyId));
    const sealed = await vault.seal(ctx, 'secret');
    const before = kms.state.calls.length;
    await expect(vault.open({ ...ctx, workspaceId: 'other' }, sealed)).rejects.toBeInstanceOf(VaultError);
    await expect(vault.open({ ...ctx, provider: 'youtube' }, sealed)).rejects.toBeInstanceOf(VaultError);
    expect(kms.state.calls.slice(before).map((c) => c.operation)).toEqual(['Decrypt', 'Decrypt']);
    // The refusal comes from KMS's Decrypt itself, before the local AES-GCM tag is even checked.
    const keys = new KmsKeyProvider(client, kms.keyId);
    await expect(
      keys.unwrapDataKey(sealed.wrappedKey, { ...ctx, workspaceId: 'other' }),
    ).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    });
  });

  it('rejects a tampered wrapped key', async () => {
    const vault = new TokenVault(new KmsKeyProvider(client, kms.keyId));
    const sealed = await vault.seal(ctx, 'secret');
    const blob = JSON.parse(Buffer.from(sealed.wrappedKey, 'base64').toString('utf8'));
    blob.ct = Buffer.from(
      Buffer.from(blob.ct, 'base64').map((b: number, i: number) => (i === 0 ? b ^ 1 : b)),
    ).toString('base64');
    const tampered = { ...sealed, wrappedKey: Buffer.from(JSON.stringify(blob)).toString('base64') };
    await expect(vault.open(ctx, tampered)).rejects.toBeInstanceOf(VaultError);
  });

  it('fails to seal with a key that does not exist', async () => {
    const vault = new TokenVault(new KmsKeyProvider(client, 'alias/missing'));
    await expect(vault.seal(ctx, 'secret')).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});
