import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { DataKey, EncryptionContext, KeyProvider } from '../../services/vault/envelope';

const kmsContext = (context: EncryptionContext) => ({
  workspaceId: context.workspaceId,
  provider: context.provider,
});

/** KMS GenerateDataKey/Decrypt with the encryption context, so CloudTrail shows which workspace's secret was used. */
export class KmsKeyProvider implements KeyProvider {
  constructor(
    private readonly client: KMSClient,
    private readonly keyId: string,
  ) {}

  async generateDataKey(context: EncryptionContext): Promise<DataKey> {
    const result = await this.client.send(
      new GenerateDataKeyCommand({
        KeyId: this.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: kmsContext(context),
      }),
    );
    if (!result.Plaintext || !result.CiphertextBlob) throw new Error('KMS returned no data key');
    return { plaintext: result.Plaintext, wrapped: Buffer.from(result.CiphertextBlob).toString('base64') };
  }

  async unwrapDataKey(wrapped: string, context: EncryptionContext): Promise<Uint8Array> {
    const result = await this.client.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(wrapped, 'base64'),
        EncryptionContext: kmsContext(context),
      }),
    );
    if (!result.Plaintext) throw new Error('KMS returned no plaintext');
    return result.Plaintext;
  }
}
